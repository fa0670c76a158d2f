using Outdial.Dialing.Pacing;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// VICIdial's ADAPT_TAPERED as benchmarks.md §1 describes <c>AST_VDadapt.pl</c>: every 15 s,
/// m = (R̄ − Q̄ + diffTarget) ÷ N̄ over fifteen one-second samples (R ready operators, Q answered
/// calls waiting, N logged in), level ← level·(1 + m) clamped to [1, 3]; the dialer keeps
/// round(level × logged in) − calls in progress lines. The level halves when over half of more
/// than 20 live answers in the last minute were dropped, and tapers when the day's drop rate is
/// over the target. Simulator only: a baseline to beat, never a campaign mode.
/// </summary>
/// <remarks>
/// "Logged in" counts operators who can take a call: operators in wrap-up are left out, as
/// VICIdial pauses an agent on the disposition screen; counting them would dial for people who
/// cannot answer and make the baseline look worse than VICIdial is.
/// The taper is our reading of "ADAPT_TAPERED: may run over the drop target early in the shift,
/// tapering to the target by its end": while the day's drop rate exceeds
/// target × (2 − elapsed share of the shift), the level may not rise and falls by
/// 10 % × (drop rate ÷ target − 1) per update.
/// </remarks>
public sealed class VicidialPacing : IPacingPolicy
{
    private const double MinimumLevel = 1;
    private const double MaximumLevel = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly double _diffTarget;
    private readonly double _dropTarget;
    private readonly DateTimeOffset _shiftStart;
    private readonly TimeSpan _shiftLength;
    private readonly Queue<DateTimeOffset> _liveLastMinute = new();
    private readonly Queue<DateTimeOffset> _dropsLastMinute = new();
    private DateTimeOffset _nextSample;
    private int _samples;
    private double _sumReady;
    private double _sumWaiting;
    private double _sumLoggedIn;
    private (int Ready, int Waiting, int LoggedIn) _current;
    private long _liveToday;
    private long _dropsToday;

    /// <param name="initialLevel">Dial level at the start (VICIdial's auto_dial_level).</param>
    /// <param name="diffTarget">Operators to keep ready on average (adapt_dl_diff_target): higher is more cautious.</param>
    public VicidialPacing(DateTimeOffset shiftStart, TimeSpan shiftLength, double initialLevel, double diffTarget = 0, double dropTarget = 0.03)
    {
        _shiftStart = shiftStart;
        _shiftLength = shiftLength;
        Level = Math.Clamp(initialLevel, MinimumLevel, MaximumLevel);
        _diffTarget = diffTarget;
        _dropTarget = dropTarget;
        _nextSample = shiftStart + TimeSpan.FromSeconds(1);
    }

    /// <summary>Lines per logged-in operator.</summary>
    public double Level { get; private set; }

    public DateTimeOffset? NextReviewAt => _shiftStart + (Interval * Math.Ceiling((_nextSample - _shiftStart) / Interval));

    public int CallsToStart(in PacingSnapshot snapshot)
    {
        SampleUntil(snapshot.Now);
        var active = snapshot.LoggedIn - snapshot.WrapUp;
        _current = (snapshot.Free, snapshot.WaitingForOperator, active);
        return (int)Math.Round(Level * active, MidpointRounding.AwayFromZero) - snapshot.CallsInProgress;
    }

    public void Observe(in PacingObservation observation)
    {
        switch (observation.Kind)
        {
            case PacingObservationKind.AnsweredLive:
                _liveToday++;
                _liveLastMinute.Enqueue(observation.At);
                break;
            case PacingObservationKind.Abandoned or PacingObservationKind.CancelledByClient:
                _dropsToday++;
                _dropsLastMinute.Enqueue(observation.At);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The counts hold between two events, so the one-second samples VICIdial takes are the counts
    /// seen at the last event: add one per whole second that passed.
    /// </summary>
    private void SampleUntil(DateTimeOffset now)
    {
        while (_nextSample <= now)
        {
            _sumReady += _current.Ready;
            _sumWaiting += _current.Waiting;
            _sumLoggedIn += _current.LoggedIn;
            if (++_samples == 15)
            {
                Adapt(_nextSample);
                _samples = 0;
                _sumReady = _sumWaiting = _sumLoggedIn = 0;
            }

            _nextSample += TimeSpan.FromSeconds(1);
        }
    }

    private void Adapt(DateTimeOffset at)
    {
        var loggedIn = _sumLoggedIn / 15;
        if (loggedIn <= 0)
        {
            return;
        }

        var m = ((_sumReady / 15) - (_sumWaiting / 15) + _diffTarget) / loggedIn;
        var dropRate = _liveToday == 0 ? 0 : (double)_dropsToday / _liveToday;
        var elapsed = Math.Clamp((at - _shiftStart) / _shiftLength, 0, 1);
        if (dropRate > _dropTarget * (2 - elapsed))
        {
            m = Math.Min(m, 0) - (0.1 * ((dropRate / _dropTarget) - 1));
        }

        Level = Math.Clamp(Level * (1 + m), MinimumLevel, MaximumLevel);

        while (_liveLastMinute.TryPeek(out var live) && live <= at - Minute)
        {
            _liveLastMinute.Dequeue();
        }

        while (_dropsLastMinute.TryPeek(out var drop) && drop <= at - Minute)
        {
            _dropsLastMinute.Dequeue();
        }

        if (_liveLastMinute.Count > 20 && _dropsLastMinute.Count * 2 > _liveLastMinute.Count)
        {
            Level = Math.Max(MinimumLevel, Level / 2);
        }
    }
}
