namespace Outdial.Dialing.Pacing;

/// <summary>
/// Durations in one-second bins that forgets: each new sample weighs <c>1 ÷ (1 − 1/memory)</c>
/// times the one before, so the last <c>memory</c> samples carry about two thirds of the weight
/// and the estimate follows drift. A sample may be <em>marked</em> (a ringing call answered by a
/// person, as opposed to one that failed); the marked share is kept in the same bins. Reads go
/// through cumulative sums that <see cref="Refresh"/> rebuilds, so a read costs two array lookups.
/// </summary>
internal sealed class DurationHistogram
{
    private readonly double[] _all;
    private readonly double[] _marked;
    private readonly double[] _cumulativeAll;
    private readonly double[] _cumulativeMarked;
    private readonly double _growth;
    private double _weight = 1;
    private double _total;
    private double _totalMarked;
    private bool _dirty;

    /// <param name="seconds">Durations at or past this fall into the last bin.</param>
    /// <param name="memory">About how many recent samples the estimate follows.</param>
    public DurationHistogram(int seconds, double memory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 2.0);
        _all = new double[seconds + 1];
        _marked = new double[seconds + 1];
        _cumulativeAll = new double[seconds + 2];
        _cumulativeMarked = new double[seconds + 2];
        _growth = 1 / (1 - (1 / memory));
    }

    /// <summary>Samples seen, not discounted.</summary>
    public long Samples { get; private set; }

    /// <summary>The samples' weight after forgetting, in samples (at most about the memory).</summary>
    public double EffectiveSamples => _total / _weight;

    /// <summary>The marked share of the weight.</summary>
    public double MarkedShare => _total > 0 ? _totalMarked / _total : 0;

    /// <summary>The weighted mean duration in seconds (bins counted at their middle), as of the last <see cref="Refresh"/>.</summary>
    public double Mean { get; private set; }

    public void Add(double seconds, bool marked = false, double samples = 1)
    {
        var bin = seconds <= 0 ? 0 : (int)Math.Min(seconds, _all.Length - 1);
        var weight = _weight * samples;
        _all[bin] += weight;
        _total += weight;
        if (marked)
        {
            _marked[bin] += weight;
            _totalMarked += weight;
        }

        Samples++;
        _weight *= _growth;
        if (_weight > 1e150)
        {
            Rescale();
        }

        _dirty = true;
    }

    /// <summary>Rebuilds the cumulative sums when samples arrived since the last call.</summary>
    public void Refresh()
    {
        if (!_dirty)
        {
            return;
        }

        double all = 0;
        double marked = 0;
        double seconds = 0;
        _cumulativeAll[0] = 0;
        _cumulativeMarked[0] = 0;
        for (var bin = 0; bin < _all.Length; bin++)
        {
            all += _all[bin];
            marked += _marked[bin];
            seconds += _all[bin] * (bin + 0.5);
            _cumulativeAll[bin + 1] = all;
            _cumulativeMarked[bin + 1] = marked;
        }

        Mean = all > 0 ? seconds / all : 0;
        _dirty = false;
    }

    /// <summary>The share of all samples shorter than <paramref name="seconds"/> (as of the last <see cref="Refresh"/>).</summary>
    public double Cdf(double seconds) => _total > 0 ? Below(_cumulativeAll, _all, seconds) / _total : 0;

    /// <summary>
    /// Of the samples still running at <paramref name="elapsed"/>, the share that ends marked within
    /// each next whole second: for a call ringing for <paramref name="elapsed"/> seconds,
    /// <c>curve[j]</c> is the chance that a person answers within <c>j</c> more seconds (times
    /// <paramref name="scale"/>, at most 1).
    /// </summary>
    public void MarkedCurve(double elapsed, Span<double> curve, double scale = 1)
    {
        var survivors = _total - Below(_cumulativeAll, _all, elapsed);
        if (survivors <= _total * 1e-9)
        {
            curve.Clear();
            return;
        }

        var before = Below(_cumulativeMarked, _marked, elapsed);
        for (var j = 0; j < curve.Length; j++)
        {
            curve[j] = Math.Min(1, scale * Math.Clamp((Below(_cumulativeMarked, _marked, elapsed + j) - before) / survivors, 0, 1));
        }
    }

    /// <summary>
    /// Of the samples still running at <paramref name="elapsed"/>, the share that ends within
    /// <c>j</c> + <paramref name="offset"/> more seconds, for every whole second <c>j</c> of the curve.
    /// </summary>
    public void EndedCurve(double elapsed, double offset, Span<double> curve)
    {
        var before = Below(_cumulativeAll, _all, elapsed);
        var survivors = _total - before;
        if (survivors <= _total * 1e-9)
        {
            curve.Clear();
            return;
        }

        for (var j = 0; j < curve.Length; j++)
        {
            var within = j + offset;
            curve[j] = within <= 0 ? 0 : Math.Clamp((Below(_cumulativeAll, _all, elapsed + within) - before) / survivors, 0, 1);
        }
    }

    // The weight below x, spreading each bin's weight evenly over its second.
    private static double Below(double[] cumulative, double[] bins, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= bins.Length)
        {
            return cumulative[bins.Length];
        }

        var bin = (int)x;
        return cumulative[bin] + ((x - bin) * bins[bin]);
    }

    private void Rescale()
    {
        var factor = 1 / _weight;
        for (var bin = 0; bin < _all.Length; bin++)
        {
            _all[bin] *= factor;
            _marked[bin] *= factor;
        }

        _total *= factor;
        _totalMarked *= factor;
        _weight = 1;
        _dirty = true;
    }
}
