using System.Runtime.InteropServices;

namespace Outdial.Dialing.Simulation;

/// <summary>What happens to one dial.</summary>
public enum CallFateKind
{
    Live,
    Machine,
    NoAnswer,
    Busy,
    InvalidNumber,
}

/// <summary>The fate of one dial, fixed the moment it is placed.</summary>
/// <param name="UntilOutcome">From the originate to the answer or failure.</param>
/// <param name="Talk">How long the person talks once connected.</param>
/// <param name="WrapUp">How long the operator who takes the call wraps up after it.</param>
/// <param name="Patience">How long an answered person waits for an operator before hanging up.</param>
public readonly record struct CallFate(CallFateKind Kind, TimeSpan UntilOutcome, TimeSpan Talk, TimeSpan WrapUp, TimeSpan Patience)
{
    public bool IsLive => Kind == CallFateKind.Live;
}

public enum CarrierEventKind
{
    Ringing,
    Answered,
    Failed,
    HungUp,
}

/// <summary>A call's progress, due at a time the carrier chose; stale once the call moved on.</summary>
public readonly record struct CarrierEvent(CallId Call, int Generation, CarrierEventKind Kind)
{
    /// <summary>Where the carrier keeps the call: the event finds it without a look-up.</summary>
    internal int Slot { get; init; }
}

/// <summary>Where the carrier puts progress that is due later: a virtual-time queue, or real timers.</summary>
public interface ICarrierTimeline
{
    void Schedule(TimeSpan after, CarrierEvent carrierEvent);
}

/// <summary>
/// A phone network in process, for the simulator and for demos: seeded outcomes from a
/// <see cref="Scenario"/>. It is passive — it never reads a clock or starts a timer; each call
/// says when its next progress is due through an <see cref="ICarrierTimeline"/>, which the
/// simulator implements in virtual time and a real-time driver with <see cref="TimeProvider"/> timers.
/// </summary>
/// <remarks>
/// Dial number k draws four uniform numbers, always in dial order from one seeded generator
/// (<see cref="SeededRandom"/>, the sequence of <see cref="Random"/> with that seed), and maps them
/// through the scenario's distributions in force when it is placed. Every policy thus meets the same people in the same order (common random numbers), and
/// the oracle can read the future with <see cref="Peek"/>.
/// </remarks>
public sealed class SimulatedCarrier
{
    private static readonly TimeSpan InvalidAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BusyAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RingingAfter = TimeSpan.FromSeconds(1);

    private readonly Scenario _scenario;
    private readonly bool _reportsRinging;
    private readonly DateTimeOffset _start;
    private readonly SeededRandom _random;
    private readonly List<Draw> _draws = [];
    private readonly Dictionary<CallId, CarrierCall> _calls = [];

    // Every call object ever made, by its slot; those whose call is over wait in _ended for the next originate.
    private readonly List<CarrierCall> _slots = [];
    private readonly Stack<CarrierCall> _ended = new();
    private long _firstDrawIndex;
    private readonly bool _singlePhase;
    private int _phaseIndexAt = -1;
    private long _phaseAtTicks;
    private ScenarioPhase? _ringBelowPhase;
    private double _ringBelowLimit;
    private double _ringBelowShare;

    /// <param name="reportsRinging">Whether calls report <see cref="CallRinging"/>; the simulator leaves it out because pacing never looks at it.</param>
    public SimulatedCarrier(Scenario scenario, int seed, DateTimeOffset start, bool reportsRinging = true)
    {
        _reportsRinging = reportsRinging;
        _scenario = scenario;
        _singlePhase = scenario.Phases.Count == 1;
        _start = start;
        _random = new SeededRandom(seed);
    }

    /// <summary>Calls placed so far; the next originate is dial number <see cref="DialCount"/>.</summary>
    public long DialCount { get; private set; }

    /// <summary>The fate dial number <paramref name="dialIndex"/> (<see cref="DialCount"/> or later) would have if it were placed at <paramref name="at"/>.</summary>
    public CallFate Peek(long dialIndex, DateTimeOffset at, TimeSpan ringTimeout) => FateAt(dialIndex, at, ringTimeout);

    /// <summary>
    /// The delays after which this carrier reports progress the same way for most calls: the ring
    /// timeout (most dials are not answered) and fixed talk and wrap-up times. The simulator's
    /// timeline keeps each in order cheaply; rarer ones (busy tones, invalid numbers, a waiting
    /// person's patience) cost less in its heap than a lane it would look at for every event.
    /// </summary>
    internal IEnumerable<TimeSpan> FixedDelays(TimeSpan ringTimeout)
    {
        yield return ringTimeout;
        foreach (var truth in _scenario.Phases.Select(p => p.Truth))
        {
            if (truth.WrapUpSeconds is FixedDistribution wrapUp)
            {
                yield return Seconds(Math.Max(0, wrapUp.Value));
            }

            if (truth.TalkSeconds is FixedDistribution talk)
            {
                yield return Seconds(Math.Max(1, talk.Value));
            }
        }
    }

    /// <summary>The index of the scenario's phase in force at <paramref name="at"/>: a dial's fate depends on it.</summary>
    internal int PhaseIndexAt(DateTimeOffset at)
    {
        // Asked several times per event, mostly about the same instant, and most scenarios have one phase.
        if (_singlePhase)
        {
            return 0;
        }

        if (at.UtcTicks != _phaseAtTicks || _phaseIndexAt < 0)
        {
            _phaseIndexAt = _scenario.PhaseIndexAt((at - _start).TotalMinutes);
            _phaseAtTicks = at.UtcTicks;
        }

        return _phaseIndexAt;
    }

    /// <summary>Places a call and schedules its ringing and its answer or failure.</summary>
    public CallFate Originate(Originate command, DateTimeOffset now, ICarrierTimeline timeline) =>
        Originate(command.Call, command.RingTimeout, onOperatorLine: command.OperatorLine is not null, now, timeline);

    /// <summary><see cref="Originate(Dialing.Originate, DateTimeOffset, ICarrierTimeline)"/> from the command's parts.</summary>
    internal CallFate Originate(CallId id, RingTimeout ringTimeout, bool onOperatorLine, DateTimeOffset now, ICarrierTimeline timeline)
    {
        CallFate fate;
        if (_draws.Count == 0)
        {
            // Nobody read ahead (only the oracle does): this dial's numbers are drawn and used at once.
            // An empty list starts at the next dial (_firstDrawIndex == DialCount), and still does after.
            fate = FateOf(Draw.Next(_random), _scenario.Phases[PhaseIndexAt(now)], ringTimeout.Duration);
            _firstDrawIndex = DialCount + 1;
        }
        else
        {
            fate = FateAt(DialCount, now, ringTimeout.Duration);
        }

        DialCount++;
        TrimDraws();
        if (!_ended.TryPop(out var call))
        {
            call = new CarrierCall(_slots.Count);
            _slots.Add(call);
        }

        call.Start(id, fate, onOperatorLine);
        _calls[id] = call;
        if (_reportsRinging && fate.Kind != CallFateKind.InvalidNumber && fate.UntilOutcome > RingingAfter)
        {
            timeline.Schedule(RingingAfter, call.Event(CarrierEventKind.Ringing));
        }

        var outcome = fate.Kind is CallFateKind.Live or CallFateKind.Machine ? CarrierEventKind.Answered : CarrierEventKind.Failed;
        timeline.Schedule(fate.UntilOutcome, call.Event(outcome));
        return fate;
    }

    /// <summary>The called person is put through to an operator and talks for their talk time.</summary>
    public void Connect(CallId id, ICarrierTimeline timeline)
    {
        if (_calls.TryGetValue(id, out var call) && call.Answered && !call.Connected)
        {
            call.Connected = true;
            call.Generation++;
            timeline.Schedule(call.Fate.Talk, call.Event(CarrierEventKind.HungUp));
        }
    }

    /// <summary>The dialer hung up (or played the abandon message and hung up): nothing more comes from this call.</summary>
    public void HangUp(CallId id) => End(id);

    /// <summary>Calls placed and not over: ringing, waiting for an operator or connected.</summary>
    public int ActiveCalls => _calls.Count;

    public bool IsConnected(CallId id) => _calls.TryGetValue(id, out var call) && call.Connected;

    /// <summary>Whether a person answered the call and nobody took it yet (nor hung it up).</summary>
    internal bool IsWaitingForOperator(CallId id) => _calls.TryGetValue(id, out var call) && call.Answered && !call.Connected;

    public CallFate? FateOf(CallId id) => _calls.TryGetValue(id, out var call) ? call.Fate : null;

    /// <summary>Turns due progress into the dialer's event; <c>null</c> when the call has moved on since.</summary>
    public CallProgress? Deliver(CarrierEvent due, ICarrierTimeline timeline) => Deliver(due, timeline, out _, out _)?.ToEvent();

    /// <summary>
    /// <see cref="Deliver(CarrierEvent, ICarrierTimeline)"/>, also telling the call's fate and whether it
    /// was connected to an operator before this progress (one look-up for the simulator's every event).
    /// </summary>
    internal CallNews? Deliver(CarrierEvent due, ICarrierTimeline timeline, out CallFate fate, out bool wasConnected)
    {
        // The slot the carrier gave the event, or a look-up for an event made elsewhere.
        var call = due.Slot < _slots.Count && _slots[due.Slot] is { InUse: true } inSlot && inSlot.Id == due.Call
            ? inSlot
            : _calls.GetValueOrDefault(due.Call);
        if (call is null || call.Generation != due.Generation)
        {
            fate = default;
            wasConnected = false;
            return null;
        }

        fate = call.Fate;
        wasConnected = call.Connected;
        switch (due.Kind)
        {
            case CarrierEventKind.Ringing:
                return new CallNews(due.Call, CallNewsKind.Ringing);
            case CarrierEventKind.Answered when call.Fate.Kind == CallFateKind.Live:
                call.Answered = true;
                if (call.OnOperatorLine)
                {
                    // Preview: the person answers straight into the operator's ear.
                    Connect(due.Call, timeline);
                }
                else
                {
                    // Nobody connects them within their patience: they hang up.
                    timeline.Schedule(call.Fate.Patience, call.Event(CarrierEventKind.HungUp));
                }

                return new CallNews(due.Call, CallNewsKind.Answered, By: AnsweredBy.Live);
            case CarrierEventKind.Answered:
                call.Answered = true;
                if (call.OnOperatorLine)
                {
                    // Preview: the operator listens to the machine's greeting for the talk time.
                    Connect(due.Call, timeline);
                }

                return new CallNews(due.Call, CallNewsKind.Answered, By: AnsweredBy.Machine);
            case CarrierEventKind.Failed:
                End(due.Call);
                return new CallNews(due.Call, CallNewsKind.Failed, Failure: call.Fate.Kind switch
                {
                    CallFateKind.Busy => CallFailure.Busy,
                    CallFateKind.InvalidNumber => CallFailure.InvalidNumber,
                    _ => CallFailure.NoAnswer,
                });
            default:
                End(due.Call);
                return new CallNews(due.Call, CallNewsKind.Ended);
        }
    }

    // A call that is over is kept for the next originate: a busy shift places a million of them.
    private void End(CallId id)
    {
        if (_calls.Remove(id, out var call))
        {
            call.InUse = false;
            _ended.Push(call);
        }
    }

    /// <summary>
    /// The fate of dial <paramref name="dialIndex"/> if placed at <paramref name="at"/>. The mapping
    /// is remembered per dial and phase: the oracle asks about the same next dial at every event.
    /// </summary>
    private CallFate FateAt(long dialIndex, DateTimeOffset at, TimeSpan ringTimeout)
    {
        while (_firstDrawIndex + _draws.Count <= dialIndex)
        {
            _draws.Add(Draw.Next(_random));
        }

        // By reference: a draw and its remembered fate are a hundred bytes, read at every event.
        ref var draw = ref CollectionsMarshal.AsSpan(_draws)[(int)(dialIndex - _firstDrawIndex)];
        var phase = PhaseIndexAt(at);
        if (draw.HasFate && draw.Phase == phase && draw.RingTimeout == ringTimeout)
        {
            return draw.Fate;
        }

        draw.Fate = FateOf(draw, _scenario.Phases[phase], ringTimeout);
        draw.HasFate = true;
        draw.Phase = phase;
        draw.RingTimeout = ringTimeout;
        return draw.Fate;
    }

    private void TrimDraws()
    {
        var used = (int)(DialCount - _firstDrawIndex);
        // Often enough that the list never grows past a few hundred draws plus the oracle's look-ahead:
        // a shift is a few milliseconds, and regrowing a large list in every one of them showed.
        if (used >= 256)
        {
            _draws.RemoveRange(0, used);
            _firstDrawIndex = DialCount;
        }
    }

    private CallFate FateOf(in Draw draw, ScenarioPhase phase, TimeSpan ringTimeout)
    {
        var truth = phase.Truth;
        var timeout = ringTimeout.TotalSeconds;
        var u = draw.Kind;
        var kind = (u -= truth.InvalidRate) < 0 ? CallFateKind.InvalidNumber
            : (u -= truth.BusyRate) < 0 ? CallFateKind.Busy
            : (u -= truth.PickupRate) < 0 ? CallFateKind.Live
            : (u -= truth.MachineRate) < 0 ? CallFateKind.Machine
            : CallFateKind.NoAnswer;
        var untilOutcome = kind switch
        {
            CallFateKind.InvalidNumber => InvalidAfter,

            // Answers happen before the ring timeout by definition: the ring time is drawn from
            // the scenario's distribution conditioned on being shorter, so pickupRate stays the
            // true live-answer share.
            CallFateKind.Live or CallFateKind.Machine => Seconds(Math.Max(0.5, RingBelow(draw.Ring, phase, timeout - 0.5))),
            CallFateKind.Busy => BusyAfter,
            _ => ringTimeout,
        };
        if (kind is not (CallFateKind.Live or CallFateKind.Machine))
        {
            // Most dials are never answered: skip the quantiles nobody will use.
            return new CallFate(kind, untilOutcome, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var talk = Seconds(Math.Max(1, truth.TalkSeconds.Quantile(draw.Talk)));
        var wrapUp = Seconds(Math.Max(0, truth.WrapUpSeconds.Quantile(draw.WrapUp)));
        return new CallFate(kind, untilOutcome, talk, wrapUp, Seconds(truth.PatienceSeconds));
    }

    /// <summary>
    /// <see cref="Distribution.SampleBelow"/> of the ring time, with the share of rings under the
    /// limit worked out once per phase and limit rather than at every answered dial.
    /// </summary>
    private double RingBelow(double u, ScenarioPhase phase, double limit)
    {
        if (!ReferenceEquals(phase, _ringBelowPhase) || limit != _ringBelowLimit)
        {
            _ringBelowPhase = phase;
            _ringBelowLimit = limit;
            _ringBelowShare = phase.Truth.RingSeconds.Cdf(limit);
        }

        var ring = phase.Truth.RingSeconds;
        return _ringBelowShare <= 0 ? limit : Math.Min(ring.Quantile(u * _ringBelowShare), limit);
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    private struct Draw(double kind, double ring, double talk, double wrapUp)
    {
        public readonly double Kind = kind;
        public readonly double Ring = ring;
        public readonly double Talk = talk;
        public readonly double WrapUp = wrapUp;

        // The fate last computed from these numbers, for the phase (its index: a draw holds no
        // reference, so moving draws is a plain copy) and ring timeout it was computed in.
        public CallFate Fate;
        public bool HasFate;
        public int Phase;
        public TimeSpan RingTimeout;

        /// <summary>The next dial's four numbers, in the order the carrier always draws them.</summary>
        public static Draw Next(SeededRandom random) => new(random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
    }

    private sealed class CarrierCall(int slot)
    {
        public int Slot { get; } = slot;

        public CallId Id { get; private set; }

        public bool InUse { get; set; }

        public CallFate Fate { get; private set; }

        public bool OnOperatorLine { get; private set; }

        public int Generation { get; set; }

        public bool Answered { get; set; }

        public bool Connected { get; set; }

        public void Start(CallId id, CallFate fate, bool onOperatorLine)
        {
            Id = id;
            InUse = true;
            Fate = fate;
            OnOperatorLine = onOperatorLine;
            Generation = 0;
            Answered = false;
            Connected = false;
        }

        public CarrierEvent Event(CarrierEventKind kind) => new(Id, Generation, kind) { Slot = Slot };
    }
}
