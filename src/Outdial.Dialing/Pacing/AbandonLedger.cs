namespace Outdial.Dialing.Pacing;

/// <summary>
/// Live answers and abandoned calls over the two windows regulators measure: the last 24 hours
/// (in hourly buckets) and the last 30 days (in daily buckets). A bucket leaves a window whole, so
/// a window is between 23 and 24 hours (29 and 30 days) long.
/// </summary>
public sealed class AbandonLedger
{
    private readonly RollingCount _day = new(TimeSpan.FromHours(1), 24);
    private readonly RollingCount _month = new(TimeSpan.FromDays(1), 30);

    public void LiveAnswer(DateTimeOffset at)
    {
        _day.Add(at, live: 1, abandoned: 0);
        _month.Add(at, live: 1, abandoned: 0);
    }

    public void Abandoned(DateTimeOffset at)
    {
        _day.Add(at, live: 0, abandoned: 1);
        _month.Add(at, live: 0, abandoned: 1);
    }

    public (long Live, long Abandoned) Last24Hours(DateTimeOffset now) => _day.Totals(now);

    public (long Live, long Abandoned) Last30Days(DateTimeOffset now) => _month.Totals(now);

    public double AbandonRate24h(DateTimeOffset now) => Rate(_day.Totals(now));

    public double AbandonRate30d(DateTimeOffset now) => Rate(_month.Totals(now));

    /// <summary>
    /// How many more calls may be abandoned now without either window passing <paramref name="rate"/>
    /// (negative when one already has).
    /// </summary>
    public double Allowance(DateTimeOffset now, double rate)
    {
        var day = _day.Totals(now);
        var month = _month.Totals(now);
        return Math.Min((rate * day.Live) - day.Abandoned, (rate * month.Live) - month.Abandoned);
    }

    private static double Rate((long Live, long Abandoned) counts) => counts.Live == 0 ? 0 : (double)counts.Abandoned / counts.Live;

    /// <summary>Sums over the last <c>buckets</c> buckets of <c>width</c>, kept as running totals.</summary>
    private sealed class RollingCount(TimeSpan width, int buckets)
    {
        private readonly long[] _live = new long[buckets];
        private readonly long[] _abandoned = new long[buckets];
        private long _newest = long.MinValue;
        private long _totalLive;
        private long _totalAbandoned;

        public void Add(DateTimeOffset at, long live, long abandoned)
        {
            var index = Index(at);
            Advance(index);
            if (index <= _newest - buckets)
            {
                return;
            }

            var slot = (int)(((index % buckets) + buckets) % buckets);
            _live[slot] += live;
            _abandoned[slot] += abandoned;
            _totalLive += live;
            _totalAbandoned += abandoned;
        }

        public (long Live, long Abandoned) Totals(DateTimeOffset now)
        {
            Advance(Index(now));
            return (_totalLive, _totalAbandoned);
        }

        private long Index(DateTimeOffset at) => at.UtcTicks / width.Ticks;

        // Empties the buckets that fell out of the window when time reaches bucket `index`.
        private void Advance(long index)
        {
            if (index <= _newest)
            {
                return;
            }

            var from = _newest == long.MinValue ? index - buckets + 1 : Math.Max(_newest + 1, index - buckets + 1);
            for (var i = from; i <= index; i++)
            {
                var slot = (int)(((i % buckets) + buckets) % buckets);
                _totalLive -= _live[slot];
                _totalAbandoned -= _abandoned[slot];
                _live[slot] = 0;
                _abandoned[slot] = 0;
            }

            _newest = index;
        }
    }
}
