namespace Outdial.Dialing.Pacing;

/// <summary>
/// Outdial's predictive pacing (docs/pacing.md). It learns the share of dials a person answers and
/// when, how long calls and wrap-up last, and for every call ringing and every operator busy how
/// likely each is to produce an answer or a free operator within the next seconds. It then places
/// calls one by one while the chance that the next one, answered, finds every operator taken stays
/// under a threshold; the threshold follows the abandon rate actually measured towards a target
/// under the cap, and dialling ahead stops while the 24-hour or 30-day abandon rate is near the cap.
/// With no answer seen yet, or no abandon allowance left, it dials like progressive.
/// </summary>
public sealed class AdaptivePacing : IPacingPolicy
{
    private const double MinimumThreshold = 0.001;
    private const double MaximumThreshold = 0.5;

    // Seconds of ringing the estimate distinguishes (ring timeouts are at most 120 s).
    private const int LongestRing = 180;

    // Keeps the normal approximation finite when every count is certain (σ = 0.1: a certain spare
    // operator gives a risk of Φ(−5), not a step of the arithmetic).
    private const double MinimumVariance = 0.01;
    private static readonly TimeSpan ReviewEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DurationsRefreshEvery = TimeSpan.FromMinutes(1);

    private AdaptivePacingOptions _options;
    private readonly bool _recordsAbandons;
    private readonly DurationHistogram _ring;
    private readonly DurationHistogram _talk;
    private readonly DurationHistogram _wrapUp;
    private readonly Dictionary<CallId, DateTimeOffset> _ringing = [];

    // Calls ringing by the instant they were dialled: calls placed together share one forecast.
    private readonly Dictionary<DateTimeOffset, int> _ringingSince = [];
    private readonly HashSet<CallId> _answered = [];
    private readonly Dictionary<OperatorId, (OperatorPhase Phase, DateTimeOffset Since)> _operators = [];
    private double _logThreshold;
    private bool _hasPrior;
    private DateTimeOffset _durationsRefreshedAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _nextReviewAt;

    // The forecast over the next seconds, one entry per second (reused between decisions).
    private double[] _demandMean = [];
    private double[] _demandVariance = [];
    private double[] _supplyMean = [];
    private double[] _supplyVariance = [];
    private double[] _newCallAnswered = [];
    private double[] _curve = [];

    /// <param name="ledger">
    /// The campaign's abandon history, kept by the host, which records every live answer and
    /// abandoned call in it whatever the policy (so a change of policy loses and doubles nothing);
    /// the policy only reads it. Without one the policy keeps and records its own (the simulator).
    /// </param>
    public AdaptivePacing(AdaptivePacingOptions? options = null, AbandonLedger? ledger = null)
    {
        _options = options ?? new AdaptivePacingOptions();
        _recordsAbandons = ledger is null;
        Ledger = ledger ?? new AbandonLedger();
        _ring = new DurationHistogram(LongestRing, _options.DialMemory);
        _talk = new DurationHistogram((int)_options.LongestTalk.TotalSeconds, _options.CallMemory);
        _wrapUp = new DurationHistogram(3600, _options.CallMemory);
        _logThreshold = Math.Log(_options.TargetAbandonRate * 2);
    }

    private enum OperatorPhase
    {
        Free,
        Talking,
        WrapUp,
    }

    public AdaptivePacingOptions Options => _options;

    /// <summary>
    /// Aims under another abandon cap (the tenant changed theirs) from the next decision on, keeping
    /// what was learned. The guard uses the new cap at once; θ, a risk per call, is scaled by the
    /// change of target and the controller corrects the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is not a share in (0, 1).</exception>
    public void ChangeAbandonCap(double cap)
    {
        var options = _options with { AbandonCap = cap };
        _logThreshold += Math.Log(options.TargetAbandonRate / _options.TargetAbandonRate);
        _options = options;
        ClampThreshold();
    }

    /// <summary>Live answers and abandoned calls over the regulators' windows.</summary>
    public AbandonLedger Ledger { get; }

    /// <summary>The estimated share of dials a person answers (the configured rate until calls are seen).</summary>
    public double EstimatedPickupRate => _ring.MarkedShare;

    /// <summary>Live answers seen since the policy started.</summary>
    public long LiveAnswers { get; private set; }

    /// <summary>The abandon risk the next call may carry, before the cap's guard.</summary>
    public double Threshold => Math.Exp(_logThreshold);

    /// <summary>Calls dialling per free operator after the last decision (0 when nobody is free).</summary>
    public double DialsPerFreeOperator { get; private set; }

    public DateTimeOffset? NextReviewAt => _nextReviewAt;

    public int CallsToStart(in PacingSnapshot snapshot)
    {
        _nextReviewAt = snapshot.LoggedIn > 0 ? snapshot.Now + ReviewEvery : null;
        if (snapshot.LoggedIn == 0)
        {
            DialsPerFreeOperator = 0;
            return 0;
        }

        AddPriorOnce(snapshot);
        var room = (int)Math.Floor(_options.MaxLinesPerOperator * snapshot.LoggedIn) - snapshot.Dialling;
        if (snapshot.ChannelLimit is { } channels)
        {
            room = Math.Min(room, channels - snapshot.CallsInProgress);
        }

        // Progressive: one call per free operator not already covered; no answer can find them all taken.
        var wanted = snapshot.Free - snapshot.Dialling - snapshot.WaitingForOperator;
        var threshold = AllowedRisk(snapshot.Now);
        if (LiveAnswers > 0 && threshold > 0 && room > wanted)
        {
            wanted = Math.Max(wanted, CallsUnderRisk(snapshot, threshold, room));
        }

        wanted = Math.Min(wanted, room);
        DialsPerFreeOperator = snapshot.Free == 0 ? 0 : (double)(snapshot.Dialling + Math.Max(wanted, 0)) / snapshot.Free;
        return wanted;
    }

    public void Observe(in PacingObservation observation)
    {
        var now = observation.At;
        switch (observation.Kind)
        {
            case PacingObservationKind.Dialled:
                if (_ringing.TryAdd(observation.Call, now))
                {
                    _ringingSince[now] = _ringingSince.GetValueOrDefault(now) + 1;
                }

                break;
            case PacingObservationKind.AnsweredLive:
                RingEnded(observation.Call, now, live: true);
                LiveAnswers++;
                if (_recordsAbandons)
                {
                    Ledger.LiveAnswer(now);
                }

                _answered.Add(observation.Call);
                break;
            case PacingObservationKind.AnsweredMachine or PacingObservationKind.Failed:
                RingEnded(observation.Call, now, live: false);
                break;
            case PacingObservationKind.Connected:
                if (_answered.Remove(observation.Call))
                {
                    _logThreshold += _options.LearningRate * _options.TargetAbandonRate;
                    ClampThreshold();
                }

                if (observation.Operator is { } connected)
                {
                    if (_operators.TryGetValue(connected, out var before) && before.Phase == OperatorPhase.WrapUp)
                    {
                        _wrapUp.Add((now - before.Since).TotalSeconds);
                    }

                    _operators[connected] = (OperatorPhase.Talking, now);
                }

                break;
            case PacingObservationKind.Abandoned or PacingObservationKind.CancelledByClient:
                if (_answered.Remove(observation.Call))
                {
                    if (_recordsAbandons)
                    {
                        Ledger.Abandoned(now);
                    }

                    _logThreshold -= _options.LearningRate * (1 - _options.TargetAbandonRate);
                    ClampThreshold();
                }

                break;
            case PacingObservationKind.CallEnded when observation.Operator is { } talked:
                if (_operators.TryGetValue(talked, out var talking) && talking.Phase == OperatorPhase.Talking)
                {
                    _talk.Add((now - talking.Since).TotalSeconds);
                }

                _operators[talked] = (OperatorPhase.WrapUp, now);
                break;
            case PacingObservationKind.OperatorFree when observation.Operator is { } freed:
                if (_operators.TryGetValue(freed, out var wrapping) && wrapping.Phase == OperatorPhase.WrapUp)
                {
                    _wrapUp.Add((now - wrapping.Since).TotalSeconds);
                }

                _operators[freed] = (OperatorPhase.Free, now);
                break;
            case PacingObservationKind.OperatorAway when observation.Operator is { } away:
                _operators.Remove(away);
                break;
            default:
                break;
        }
    }

    private void RingEnded(CallId call, DateTimeOffset now, bool live)
    {
        if (_ringing.Remove(call, out var dialledAt))
        {
            _ring.Add((now - dialledAt).TotalSeconds, marked: live);
            var left = _ringingSince[dialledAt] - 1;
            if (left == 0)
            {
                _ringingSince.Remove(dialledAt);
            }
            else
            {
                _ringingSince[dialledAt] = left;
            }
        }
    }

    private void ClampThreshold() =>
        _logThreshold = Math.Clamp(_logThreshold, Math.Log(MinimumThreshold), Math.Log(MaximumThreshold));

    /// <summary>
    /// The risk threshold, lowered as the abandon allowance under the guard runs out, and 0 (dial like
    /// progressive) while less than one abandoned call is allowed.
    /// </summary>
    private double AllowedRisk(DateTimeOffset now)
    {
        var allowance = Ledger.Allowance(now, _options.AbandonCap * _options.GuardShareOfCap);
        return allowance < 1 ? 0 : Threshold * Math.Min(1, allowance / _options.GuardRamp);
    }

    /// <summary>
    /// The configured pickup rate as if <see cref="AdaptivePacingOptions.PriorDials"/> dials had
    /// shown it, answered evenly between 3 s and 18 s (or the ring timeout) and failing at the timeout.
    /// </summary>
    private void AddPriorOnce(in PacingSnapshot snapshot)
    {
        if (_hasPrior)
        {
            return;
        }

        _hasPrior = true;
        var pickup = snapshot.ConfiguredPickupRate.Value;
        var timeout = snapshot.RingTimeout.TotalSeconds;
        var last = Math.Max(4, Math.Min(18, (int)timeout - 1));
        var seconds = last - 3 + 1;
        for (var second = 3; second <= last; second++)
        {
            _ring.Add(second + 0.5, marked: true, samples: _options.PriorDials * pickup / seconds);
        }

        _ring.Add(timeout, marked: false, samples: _options.PriorDials * (1 - pickup));
    }

    /// <summary>How many new calls (at most <paramref name="room"/>) each keep their own abandon risk at or under the threshold.</summary>
    private int CallsUnderRisk(in PacingSnapshot snapshot, double threshold, int room)
    {
        var horizon = Math.Min(LongestRing, (int)Math.Ceiling(snapshot.RingTimeout.TotalSeconds));
        Forecast(snapshot, horizon);
        var answered = _newCallAnswered[horizon];
        if (answered <= 0)
        {
            return 0;
        }

        for (var k = 0; k < room; k++)
        {
            // The risk of call k+1: answered at second j, it finds every operator taken when the
            // people who answered by then (k new calls among them) outnumber the operators free by j + patience.
            double risk = 0;
            for (var j = 1; j <= horizon; j++)
            {
                var density = _newCallAnswered[j] - _newCallAnswered[j - 1];
                if (density <= 0)
                {
                    continue;
                }

                var p = _newCallAnswered[j];
                var spare = _supplyMean[j] - _demandMean[j] - (k * p);
                var variance = _supplyVariance[j] + _demandVariance[j] + (k * p * (1 - p));
                risk += density * NormalCdf((0.5 - spare) / Math.Sqrt(Math.Max(variance, MinimumVariance)));
            }

            if (risk / answered > threshold)
            {
                return k;
            }

        }

        return room;
    }

    /// <summary>
    /// For each second j of the next <paramref name="horizon"/>: how many people are expected to have
    /// answered by then (those waiting now and the calls ringing) and how many operators to be free
    /// by j + the abandon delay (those free now, those wrapping up, those talking), with variances.
    /// </summary>
    private void Forecast(in PacingSnapshot snapshot, int horizon)
    {
        if (_demandMean.Length < horizon + 1)
        {
            _demandMean = new double[horizon + 1];
            _demandVariance = new double[horizon + 1];
            _supplyMean = new double[horizon + 1];
            _supplyVariance = new double[horizon + 1];
            _newCallAnswered = new double[horizon + 1];
            _curve = new double[horizon + 1];
        }

        var now = snapshot.Now;
        _ring.Refresh();

        // Talk and wrap-up times move slowly; their (long) histograms are summed once a minute.
        if (now - _durationsRefreshedAt >= DurationsRefreshEvery)
        {
            _talk.Refresh();
            _wrapUp.Refresh();
            _durationsRefreshedAt = now;
        }

        // Few dials seen: assume people answer more often than seen so far (fewer calls placed).
        var pickup = Math.Max(_ring.MarkedShare, 1e-3);
        var caution = 1 + Math.Sqrt((1 - pickup) / (pickup * Math.Max(_ring.EffectiveSamples, 1)));
        var points = horizon + 1;
        _ring.MarkedCurve(0, _newCallAnswered.AsSpan(0, points), caution);
        for (var j = 0; j < points; j++)
        {
            _demandMean[j] = snapshot.WaitingForOperator;
            _demandVariance[j] = 0;
            _supplyMean[j] = snapshot.Free;
            _supplyVariance[j] = 0;
        }

        var curve = _curve.AsSpan(0, points);
        foreach (var (dialledAt, calls) in _ringingSince)
        {
            _ring.MarkedCurve((now - dialledAt).TotalSeconds, curve, caution);
            for (var j = 1; j < points; j++)
            {
                var p = curve[j];
                _demandMean[j] += calls * p;
                _demandVariance[j] += calls * p * (1 - p);
            }
        }

        var patience = snapshot.AbandonAfter.TotalSeconds;
        var knowsWrapUp = _wrapUp.Samples >= _options.MinimumSamples;
        var knowsTalk = knowsWrapUp && _talk.Samples >= _options.MinimumSamples;
        if (!knowsWrapUp)
        {
            return;
        }

        // Someone talking now is free within the horizon only if their call ends and their wrap-up
        // (counted at its mean) is over by then; with wrap-up longer than the horizon, never.
        var wrapUpMean = _wrapUp.Mean;
        var talkMatters = knowsTalk && horizon + patience > wrapUpMean;
        foreach (var (phase, since) in _operators.Values)
        {
            if (phase == OperatorPhase.Free || (phase == OperatorPhase.Talking && !talkMatters))
            {
                continue;
            }

            var elapsed = (now - since).TotalSeconds;
            if (phase == OperatorPhase.WrapUp)
            {
                _wrapUp.EndedCurve(elapsed, patience, curve);
            }
            else
            {
                _talk.EndedCurve(elapsed, patience - wrapUpMean, curve);
            }

            for (var j = 0; j < points; j++)
            {
                var q = curve[j];
                _supplyMean[j] += q;
                _supplyVariance[j] += q * (1 - q);
            }
        }
    }

    /// <summary>Φ(z), from the complementary error function (Numerical Recipes' erfcc, error under 1.2e-7).</summary>
    internal static double NormalCdf(double z)
    {
        var x = -z / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * Math.Abs(x)));
        ReadOnlySpan<double> coefficients = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
        var polynomial = 0.0;
        foreach (var coefficient in coefficients)
        {
            polynomial = (polynomial * t) + coefficient;
        }

        var erfc = t * Math.Exp((-x * x) + polynomial);
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
