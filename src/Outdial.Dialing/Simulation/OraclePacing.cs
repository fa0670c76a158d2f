using Outdial.Dialing.Pacing;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// The clairvoyant upper bound: it reads every future call's fate from the
/// <see cref="SimulatedCarrier"/> and knows when each operator will be free. Calls that will not
/// be answered by a person cost nothing, so it places them at once; a call a person will answer is
/// placed exactly when its ring time ends as an operator becomes free. No operator waits longer
/// than the ring time forced by the order of the calls, and no call is ever abandoned.
/// Simulator only, never a campaign mode.
/// </summary>
public sealed class OraclePacing : IPacingPolicy
{
    private readonly SimulatedCarrier _carrier;
    private readonly TimeSpan _ringTimeout;
    private readonly int _maxDialsPerDecision;

    // When each operator will next be free, as planned (all log in at the start of the shift).
    private readonly PriorityQueue<int, long> _operatorFreeAt = new();
    private DateTimeOffset? _nextReviewAt;

    // The last decision that placed nothing: the dial it waits to place, and the scenario phase its fate was read in.
    private long _waitingDial = -1;
    private int _waitingPhase = -1;

    public OraclePacing(SimulatedCarrier carrier, int operators, DateTimeOffset shiftStart, TimeSpan ringTimeout)
    {
        _carrier = carrier;
        _ringTimeout = ringTimeout;
        _maxDialsPerDecision = MaxDialsPerDecision(operators);
        for (var i = 0; i < operators; i++)
        {
            _operatorFreeAt.Enqueue(i, shiftStart.UtcTicks);
        }
    }

    public DateTimeOffset? NextReviewAt => _nextReviewAt;

    /// <summary>
    /// The most calls one decision places: a bound on the look-ahead, which the simulator keeps
    /// enough records queued for. Over the whole scenario grid with 30 seeds per cell no decision
    /// reached it (the largest burst was 589 calls), so it changes nothing there.
    /// </summary>
    public static int MaxDialsPerDecision(int operators) => (10 * operators) + 200;

    public int CallsToStart(in PacingSnapshot snapshot)
    {
        var now = snapshot.Now;

        // Most events change nothing the plan depends on: the same next dial, in the same phase of
        // the scenario (so the same fate), still answered before its operator is free. The answer
        // is then again "none until the review", without reading the future once more.
        if (snapshot.LoggedIn > 0 && _nextReviewAt is { } review && now < review
            && _carrier.DialCount == _waitingDial && _carrier.PhaseIndexAt(now) == _waitingPhase)
        {
            return 0;
        }

        _nextReviewAt = null;
        _waitingDial = -1;
        if (snapshot.LoggedIn == 0)
        {
            return 0;
        }

        var dials = 0;
        while (dials < _maxDialsPerDecision)
        {
            var fate = _carrier.Peek(_carrier.DialCount + dials, now, _ringTimeout);
            if (!fate.IsLive)
            {
                dials++;
                continue;
            }

            var answerAt = now.UtcTicks + fate.UntilOutcome.Ticks;
            _operatorFreeAt.TryPeek(out var op, out var freeAt);
            if (freeAt > answerAt)
            {
                // Place it so that it is answered the moment that operator is free.
                _nextReviewAt = new DateTimeOffset(freeAt - fate.UntilOutcome.Ticks, TimeSpan.Zero);
                if (dials == 0)
                {
                    _waitingDial = _carrier.DialCount;
                    _waitingPhase = _carrier.PhaseIndexAt(now);
                }

                break;
            }

            // One sift instead of two; which of several operators free at the same instant is taken changes nothing.
            _operatorFreeAt.DequeueEnqueue(op, answerAt + fate.Talk.Ticks + fate.WrapUp.Ticks);
            dials++;
        }

        return dials;
    }

    public void Observe(in PacingObservation observation)
    {
    }
}
