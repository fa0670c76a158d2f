using Outdial.Dialing.Pacing;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// VICIdial's ADAPT_TAPERED, as its <c>AST_VDadapt.pl</c> computes it (benchmarks.md §1, our reading
/// in docs/dialer.md). Once a second it samples R (operators ready), Q (answered calls waiting for
/// one) and N (operators logged in); every 15 s it sets
/// level ← level · (1 + (R̄ − Q̄ + diffTarget) ÷ N̄) over the last fifteen samples, kept in [1, 3].
/// Then two drop rules, from drop figures it refreshes once a minute: more than 20 calls placed in
/// the last minute and over half of them dropped halves the level; more than 50 calls placed today
/// and today's drops over the target share of today's live answers tapers it — multiplied by the
/// hours left until the latest target time ÷ 10 (at most 1), or back to 1 once that time has passed.
/// The dialer keeps round(level × operators who can take a call) − calls in progress lines.
/// Simulator only: a baseline to beat, never a campaign mode.
/// </summary>
public sealed class VicidialPacing : IPacingPolicy
{
    private const double MinimumLevel = 1;
    private const double MaximumLevel = 3;
    private const int SamplesPerUpdate = 15;
    private const int SecondsPerDropUpdate = 60;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>VICIdial's default <c>adaptive_latest_server_time</c>: 21:00.</summary>
    public static readonly TimeOnly DefaultLatestTarget = new(21, 0);

    private readonly double _diffTarget;
    private readonly double _dropTarget;
    private readonly TimeOnly _latestTarget;
    private readonly DateTimeOffset _start;
    private readonly Queue<DateTimeOffset> _dialsLastMinute = new();
    private readonly Queue<DateTimeOffset> _dropsLastMinute = new();
    private long _second;
    private double _sumReady;
    private double _sumWaiting;
    private double _sumLoggedIn;
    private (int Ready, int Waiting, int LoggedIn) _current;

    // What the drop rules read: refreshed once a minute, as AST_VDadapt.pl does.
    private (int Dials, int Drops) _lastMinute;
    private (long Dials, long Answers, long Drops) _todaySeen;
    private (long Dials, long Answers, long Drops) _today;
    private DateOnly _day;

    /// <param name="start">When the campaign starts: the first one-second sample is taken a second later.</param>
    /// <param name="initialLevel">Dial level at the start (VICIdial's <c>auto_dial_level</c>; 1 for ADAPT_TAPERED).</param>
    /// <param name="diffTarget">
    /// <c>adaptive_dl_diff_target</c>: the level settles where R̄ − Q̄ = −diffTarget, so −1 keeps one
    /// operator waiting on average (more cautious) and +1 one answered call waiting (bolder).
    /// </param>
    /// <param name="dropTarget">The day's drop rate over live answers it tapers towards (<c>adaptive_dropped_percentage</c>, 3 %).</param>
    /// <param name="latestTarget">Time of day by which the day must be at the target (<c>adaptive_latest_server_time</c>), in the clock's own time.</param>
    public VicidialPacing(DateTimeOffset start, double initialLevel, double diffTarget = 0, double dropTarget = 0.03, TimeOnly? latestTarget = null)
    {
        _start = start;
        Level = Math.Clamp(initialLevel, MinimumLevel, MaximumLevel);
        _diffTarget = diffTarget;
        _dropTarget = dropTarget;
        _latestTarget = latestTarget ?? DefaultLatestTarget;
        _day = DateOnly.FromDateTime(start.DateTime);
    }

    /// <summary>Lines per operator who can take a call.</summary>
    public double Level { get; private set; }

    /// <summary>The next 15-second update: the level changes only then.</summary>
    public DateTimeOffset? NextReviewAt => _start + TimeSpan.FromSeconds(SamplesPerUpdate * ((_second / SamplesPerUpdate) + 1));

    public int CallsToStart(in PacingSnapshot snapshot)
    {
        SampleUntil(snapshot.Now);

        // R counts operators waiting for a call, N every operator logged in (AST_VDadapt.pl's total
        // agents, whatever their status). The lines are for operators who can take a call: VICIdial
        // does not count an agent on the disposition screen (our wrap-up).
        _current = (snapshot.Free, snapshot.WaitingForOperator, snapshot.LoggedIn);
        var active = snapshot.LoggedIn - snapshot.WrapUp;
        return (int)Math.Round(Level * active, MidpointRounding.AwayFromZero) - snapshot.CallsInProgress;
    }

    public void Observe(in PacingObservation observation)
    {
        switch (observation.Kind)
        {
            case PacingObservationKind.Dialled:
                NewDayIfNeeded(observation.At);
                _todaySeen.Dials++;
                _dialsLastMinute.Enqueue(observation.At);
                break;
            case PacingObservationKind.AnsweredLive:
                NewDayIfNeeded(observation.At);
                _todaySeen.Answers++;
                break;
            case PacingObservationKind.Abandoned or PacingObservationKind.CancelledByClient:
                NewDayIfNeeded(observation.At);
                _todaySeen.Drops++;
                _dropsLastMinute.Enqueue(observation.At);
                break;
            default:
                break;
        }
    }

    /// <summary>Today's figures start again at midnight (VICIdial counts from 00:00:01).</summary>
    private void NewDayIfNeeded(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.DateTime);
        if (day != _day)
        {
            _day = day;
            _todaySeen = default;
        }
    }

    /// <summary>
    /// AST_VDadapt.pl wakes once a second. The counts hold between two events, so each of those
    /// seconds samples the counts seen at the last event: one pass per whole second that went by.
    /// </summary>
    private void SampleUntil(DateTimeOffset now)
    {
        while (_start + TimeSpan.FromSeconds(_second + 1) <= now)
        {
            _second++;
            var at = _start + TimeSpan.FromSeconds(_second);
            _sumReady += _current.Ready;
            _sumWaiting += _current.Waiting;
            _sumLoggedIn += _current.LoggedIn;

            // Its drop counter starts full, so the first pass reads the drop figures; then every minute.
            if ((_second - 1) % SecondsPerDropUpdate == 0)
            {
                RefreshDrops(at);
            }

            if (_second % SamplesPerUpdate == 0)
            {
                Adapt(at);
                _sumReady = _sumWaiting = _sumLoggedIn = 0;
            }
        }
    }

    private void RefreshDrops(DateTimeOffset at)
    {
        while (_dialsLastMinute.TryPeek(out var dial) && dial <= at - Minute)
        {
            _dialsLastMinute.Dequeue();
        }

        while (_dropsLastMinute.TryPeek(out var drop) && drop <= at - Minute)
        {
            _dropsLastMinute.Dequeue();
        }

        NewDayIfNeeded(at);
        _lastMinute = (_dialsLastMinute.Count, _dropsLastMinute.Count);
        _today = _todaySeen;
    }

    private void Adapt(DateTimeOffset at)
    {
        var loggedIn = _sumLoggedIn / SamplesPerUpdate;
        if (loggedIn <= 0)
        {
            return;
        }

        var differential = (_sumReady / SamplesPerUpdate) - (_sumWaiting / SamplesPerUpdate) + _diffTarget;
        var level = Math.Round(Level * (1 + (differential / loggedIn)), 3);
        level = Math.Clamp(level, MinimumLevel, MaximumLevel);

        // More than half of over 20 calls placed in the last minute dropped (its share is of calls, not answers).
        if (_lastMinute.Dials > 20 && Percent(_lastMinute.Drops, _lastMinute.Dials) > 50)
        {
            level /= 2;
        }

        // The taper: over the target for today, after more than 50 calls.
        if (_today.Dials > 50 && _today.Drops > 0 && Percent(_today.Drops, Math.Max(1, _today.Answers)) > _dropTarget * 100)
        {
            // Hours left as VICIdial counts them, HHMM minus HHMM (13:30 to 21:00 is 770, i.e. 0.77).
            var time = TimeOnly.FromDateTime(at.DateTime);
            var left = HourMinute(_latestTarget) - HourMinute(time);
            level = left < 0 ? 1 : level * Math.Min(1, left / 1000.0);
        }

        Level = Math.Max(MinimumLevel, level);
    }

    /// <summary>A percentage as AST_VDadapt.pl keeps it: two decimals.</summary>
    private static double Percent(long part, long whole) => Math.Round(100.0 * part / whole, 2);

    private static int HourMinute(TimeOnly time) => (time.Hour * 100) + time.Minute;
}
