using System.Runtime.InteropServices;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// Runs one shift of a <see cref="Scenario"/> in virtual time: the shipping
/// <see cref="CampaignDialer"/> against a <see cref="SimulatedCarrier"/> and simulated operators
/// who log in at the start, talk as long as the called person does, wrap up, and complete every
/// session with success. Single-threaded and seeded: the same inputs give the same result.
/// </summary>
public sealed class PacingSimulator : ICarrierTimeline, IDialerOutput
{
    /// <summary>A Monday morning, so that nothing depends on the day the simulator runs.</summary>
    public static readonly DateTimeOffset ShiftStart = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private const int RecordBatch = 256;

    // The carrier decides each dial's fate by its order, not by the number, and nothing here keeps a
    // blacklist: every simulated contact can share one number.
    private static readonly E164Number SimulatedContactNumber = E164Number.Parse("+15550000000");

    private readonly Scenario _scenario;
    private readonly SimulationPolicy _policy;
    private readonly int _seed;
    private readonly VirtualClock _clock = new(ShiftStart);
    private readonly SimulatedCarrier _carrier;
    private readonly CampaignDialer _dialer;
    private readonly EventTimeline<SimulationEvent> _events = new();
    private readonly List<PendingCommand> _commands = [];
    private readonly NewRecord[] _newRecords = new NewRecord[RecordBatch];
    private readonly RecordsAdded _recordsAdded;
    private readonly SimulatedOperator[] _operators;
    private readonly Dictionary<CallId, int> _operatorOfCall = [];
    private readonly DateTimeOffset _end;
    private readonly int _lowWater;
    private readonly long[] _livePerMinute;
    private readonly long[] _abandonsPerMinute;
    private readonly List<double> _idleWaits;
    private long _nextRecordId;
    private bool _deliveringFromCarrier;
    private (TimeSpan After, CarrierEvent Event, long Place)? _patience;
    private long _dials;
    private long _live;
    private long _machine;
    private long _abandoned;
    private long _connected;
    private double _talkSeconds;
    private double _wrapUpSeconds;

    private PacingSimulator(Scenario scenario, SimulationPolicy policy, int seed)
    {
        _scenario = scenario;
        _policy = policy;
        _seed = seed;
        _end = ShiftStart + TimeSpan.FromHours(scenario.Hours);
        _carrier = new SimulatedCarrier(scenario, seed, ShiftStart, reportsRinging: false);
        var ringTimeout = RingTimeout.AtLeastMinimum(TimeSpan.FromSeconds(scenario.NoAnswerTimeoutSeconds));
        var (mode, pacing) = policy.Build(scenario, _carrier, ShiftStart, ringTimeout.Duration);

        // Simulated operators take every call put through to them; they never see a preview offer.
        if (mode == DialingMode.Preview)
        {
            throw new NotSupportedException("The simulator runs progressive and predictive dialling, not preview.");
        }

        var settings = new CampaignSettings
        {
            Mode = mode,
            ConfiguredPickupRate = new PickupRate(scenario.Phases[0].ConfiguredPickupRate),
            RingTimeout = ringTimeout,
            BeforeCallWork = TimeSpan.Zero,
            CallingWindow = null,

            // One attempt per contact: pacing is about dials and people, not about retries.
            MaxAttempts = 1,
            Seed = seed,
        };
        // The simulator persists nothing: the dialer need not describe every change of a record.
        _dialer = new CampaignDialer(settings, _clock, blacklist: null, pacing, reportsRecordChanges: false);
        foreach (var delay in _carrier.FixedDelays(ringTimeout.Duration))
        {
            _events.AddFixedDelay(delay);
        }

        _recordsAdded = new RecordsAdded(_newRecords);
        _operators = [.. Enumerable.Range(0, scenario.Operators).Select(_ => new SimulatedOperator())];
        // Enough due records for the boldest burst a policy can ask for (the oracle places every
        // unanswered call of its look-ahead at once), without a needlessly deep queue: records
        // waiting long outlive the collector's youngest generation, and collecting them showed.
        _lowWater = (policy.Name == "oracle" ? OraclePacing.MaxDialsPerDecision(scenario.Operators) : 12 * scenario.Operators) + RecordBatch;
        var minutes = (int)Math.Ceiling(scenario.Hours * 60) + 1;

        // One idle wait per connected call: room for a call a minute per operator, so that short
        // calls rarely regrow the list.
        _idleWaits = new List<double>(scenario.Operators * minutes);
        _livePerMinute = new long[minutes];
        _abandonsPerMinute = new long[minutes];
    }

    /// <summary>Simulates one shift.</summary>
    public static SimulationResult Run(Scenario scenario, SimulationPolicy policy, int seed) => new PacingSimulator(scenario, policy, seed).Run();

    /// <summary>Simulates one shift per seed, seeds <paramref name="firstSeed"/>, <paramref name="firstSeed"/>+1, …</summary>
    public static SeedSummary RunSeeds(Scenario scenario, SimulationPolicy policy, int firstSeed, int seeds) =>
        SeedSummary.Of([.. Enumerable.Range(firstSeed, seeds).Select(seed => Run(scenario, policy, seed))]);

    void ICarrierTimeline.Schedule(TimeSpan after, CarrierEvent carrierEvent)
    {
        if (_deliveringFromCarrier && carrierEvent.Kind == CarrierEventKind.HungUp && !_carrier.IsConnected(carrierEvent.Call))
        {
            // An answered person's patience: it matters only if nobody takes the call at once, which
            // the dialer decides next. Most answers are put through at once, so their patience would
            // only come up later as an event about nothing; it is scheduled after the dialer's turn,
            // in the place it takes now, so that it keeps its order among events due at the same tick.
            _patience = (after, carrierEvent, _events.ReservePlace());
            return;
        }

        // In ticks: once per dial and more, and date arithmetic with its range checks showed.
        var now = _clock.UtcTicks;
        _events.Schedule(now, now + after.Ticks, SimulationEvent.Of(carrierEvent));
    }

    private SimulationResult Run()
    {
        for (var i = 1; i < _scenario.Phases.Count; i++)
        {
            Schedule(ShiftStart + TimeSpan.FromMinutes(_scenario.Phases[i].FromMinute), SimulationEvent.ScenarioChange(i));
        }

        for (var i = 0; i < _operators.Length; i++)
        {
            _operators[i].FreeSince = ShiftStart;
            Send(new OperatorPresenceChanged(OperatorOf(i), OperatorPresence.Online));
        }

        var ticksAtSameInstant = 0;
        var end = _end.UtcTicks;
        while (true)
        {
            // In ticks: this loop turns once per event, and dates with their checks showed.
            var now = _clock.UtcTicks;
            var hasEvent = _events.TryPeek(out var next, out var nextAt);
            var due = _dialer.NextDeadlineTicks;
            if (due != long.MaxValue && (!hasEvent || due <= nextAt))
            {
                var at = Math.Max(due, now);
                if (at >= end)
                {
                    break;
                }

                // A deadline that does not move time on, again and again, would be a bug in a policy or the core.
                ticksAtSameInstant = at == now ? ticksAtSameInstant + 1 : 0;
                if (ticksAtSameInstant > 10_000)
                {
                    throw new InvalidOperationException($"The dialer asks for a tick at {new DateTimeOffset(at, TimeSpan.Zero):O} without end.");
                }

                _clock.MoveTo(at);
                Send(Tick.Instance);
                continue;
            }

            if (!hasEvent || nextAt >= end)
            {
                break;
            }

            _events.DequeuePeeked();
            ticksAtSameInstant = 0;
            _clock.MoveTo(nextAt);
            Deliver(next);
        }

        _clock.MoveTo(_end);

        // Every call the dialer holds must exist at the carrier: a command left unexecuted would
        // leave a call "dialling" for ever and quietly bend every figure.
        if (_dialer.CallsInProgress != _carrier.ActiveCalls)
        {
            throw new InvalidOperationException($"The dialer holds {_dialer.CallsInProgress} calls and the carrier {_carrier.ActiveCalls}: a command was lost.");
        }

        return Result();
    }

    private void Deliver(SimulationEvent simulationEvent)
    {
        var now = _clock.GetUtcNow();
        switch (simulationEvent.Kind)
        {
            case SimulationEventKind.Carrier:
                var callId = simulationEvent.Carrier.Call;
                _deliveringFromCarrier = true;
                var delivered = _carrier.Deliver(simulationEvent.Carrier, this, out var fate, out var wasConnected);
                _deliveringFromCarrier = false;
                if (delivered is not { } news)
                {
                    return;
                }

                var wasAnsweredWaiting = simulationEvent.Carrier.Kind == CarrierEventKind.HungUp && !wasConnected;

                switch (news.Kind)
                {
                    case CallNewsKind.Answered when news.By == AnsweredBy.Live:
                        _live++;
                        _livePerMinute[MinuteOf(now)]++;
                        break;
                    case CallNewsKind.Answered:
                        _machine++;
                        break;
                    case CallNewsKind.Ended when wasAnsweredWaiting:
                        // The person gave up before anyone took the call: an abandoned call too.
                        _abandoned++;
                        _abandonsPerMinute[MinuteOf(now)]++;
                        break;
                    case CallNewsKind.Ended when _operatorOfCall.Remove(callId, out var index):
                        var op = _operators[index];
                        _talkSeconds += (now - op.TalkingSince).TotalSeconds;
                        op.WrapUpSince = now;
                        Schedule(now + fate.WrapUp, SimulationEvent.WrapUpDone(index, op.Session));
                        break;
                    default:
                        break;
                }

                Send(news);
                if (_patience is { } patience)
                {
                    // The person waits for an operator only if the dialer did not put them through at once.
                    _patience = null;
                    if (_carrier.IsWaitingForOperator(callId))
                    {
                        _events.ScheduleInReservedPlace(now.UtcTicks + patience.After.Ticks, patience.Place, SimulationEvent.Of(patience.Event));
                    }
                }

                break;
            case SimulationEventKind.WrapUpDone:
                var wrapped = _operators[simulationEvent.Index];
                _wrapUpSeconds += (now - (wrapped.WrapUpSince ?? now)).TotalSeconds;
                wrapped.WrapUpSince = null;
                wrapped.FreeSince = now;
                Send(new SessionCompleted(simulationEvent.Session, OperatorResult.Success));
                break;
            case SimulationEventKind.ScenarioChange:
                var configured = _scenario.Phases[simulationEvent.Index].ConfiguredPickupRate;
                if (configured != _dialer.Settings.ConfiguredPickupRate.Value)
                {
                    Send(new SettingsChanged(_dialer.Settings with { ConfiguredPickupRate = new PickupRate(configured) }));
                }

                break;
            default:
                break;
        }
    }

    private void Send(DialerEvent dialerEvent)
    {
        AddRecordsWhenLow();
        _dialer.Handle(dialerEvent, this);
        CarryOutCommands();
    }

    private void Send(CallNews news)
    {
        AddRecordsWhenLow();
        _dialer.Handle(news, this);
        CarryOutCommands();
    }

    private void AddRecordsWhenLow()
    {
        if (_dialer.QueuedRecordCount < _lowWater)
        {
            // The dialer may place calls as soon as records arrive: those commands are carried out too.
            _dialer.Handle(NewRecords(), this);
            CarryOutCommands();
        }
    }

    // The dialer's commands are kept as plain values and carried out once it has handled the event,
    // as any host does: the oracle reads the carrier while the dialer decides.
    void IDialerOutput.Originate(CallId call, RecordId record, E164Number to, E164Number? callerId, RingTimeout ringTimeout, OperatorId? operatorLine) =>
        _commands.Add(new PendingCommand(PendingCommandKind.Originate, call, RingTimeout: ringTimeout, OnOperatorLine: operatorLine is not null));

    void IDialerOutput.ConnectCall(CallId call, OperatorId @operator, SessionId session) =>
        _commands.Add(new PendingCommand(PendingCommandKind.Connect, call, @operator, session));

    void IDialerOutput.Add(DialerCommand command)
    {
        switch (command)
        {
            case PlayAbandonMessageAndHangUp abandon:
                _commands.Add(new PendingCommand(PendingCommandKind.Abandon, abandon.Call));
                break;
            case HangUp hangUp:
                _commands.Add(new PendingCommand(PendingCommandKind.HangUp, hangUp.Call));
                break;
            default:
                break;
        }
    }

    private void CarryOutCommands()
    {
        var now = _clock.GetUtcNow();
        foreach (var command in _commands)
        {
            switch (command.Kind)
            {
                case PendingCommandKind.Originate:
                    _dials++;
                    _carrier.Originate(command.Call, command.RingTimeout, command.OnOperatorLine, now, this);
                    break;
                case PendingCommandKind.Connect:
                    _carrier.Connect(command.Call, this);
                    StartTalking(IndexOf(command.Operator), command.Call, command.Session, now);
                    break;
                case PendingCommandKind.Abandon:
                    _abandoned++;
                    _abandonsPerMinute[MinuteOf(now)]++;
                    _carrier.HangUp(command.Call);
                    break;
                default:
                    _carrier.HangUp(command.Call);
                    break;
            }
        }

        _commands.Clear();
    }

    private void StartTalking(int index, CallId call, SessionId session, DateTimeOffset at)
    {
        var op = _operators[index];
        _idleWaits.Add((at - op.FreeSince).TotalSeconds);
        _connected++;
        op.TalkingSince = at;
        op.Session = session;
        _operatorOfCall[call] = index;
    }

    private RecordsAdded NewRecords()
    {
        // The dialer copies the records while it handles the event, so one batch serves the whole shift.
        for (var i = 0; i < _newRecords.Length; i++)
        {
            _newRecords[i] = new NewRecord(new RecordId(++_nextRecordId), SimulatedContactNumber);
        }

        return _recordsAdded;
    }

    private void Schedule(DateTimeOffset at, SimulationEvent simulationEvent) => _events.Schedule(_clock.UtcTicks, at.UtcTicks, simulationEvent);

    private int MinuteOf(DateTimeOffset at) => Math.Min(_livePerMinute.Length - 1, (int)(at - ShiftStart).TotalMinutes);

    private static OperatorId OperatorOf(int index) => new(index + 1);

    private static int IndexOf(OperatorId id) => (int)id.Value - 1;

    private SimulationResult Result()
    {
        // Work still going on when the shift ends counts up to the end.
        foreach (var index in _operatorOfCall.Values)
        {
            _talkSeconds += (_end - _operators[index].TalkingSince).TotalSeconds;
        }

        foreach (var op in _operators)
        {
            if (op.WrapUpSince is { } since)
            {
                _wrapUpSeconds += (_end - since).TotalSeconds;
            }
        }

        var loggedInSeconds = _scenario.Operators * _scenario.Hours * 3600;
        return new SimulationResult(
            _policy.Describe(),
            _seed,
            _dials,
            _live,
            _machine,
            _abandoned,
            AbandonRate: _live == 0 ? 0 : (double)_abandoned / _live,
            MaxAbandonRate24h: MaxAbandonRateOverDay(),
            TalkFraction: _talkSeconds / loggedInSeconds,
            Occupancy: (_talkSeconds + _wrapUpSeconds) / loggedInSeconds,
            ContactsPerOperatorHour: _connected / (_scenario.Operators * _scenario.Hours),
            IdleWaitMeanSeconds: _idleWaits.Count == 0 ? 0 : _idleWaits.Average(),
            IdleWaitP95Seconds: SeedSummary.PercentileOfUnsorted(CollectionsMarshal.AsSpan(_idleWaits), 0.95));
    }

    /// <summary>The highest abandon rate over any 24-hour window (the UK rule); a shorter run is one window.</summary>
    private double MaxAbandonRateOverDay()
    {
        const int day = 24 * 60;
        var window = Math.Min(day, _livePerMinute.Length);
        long live = 0, abandoned = 0;
        var max = 0.0;
        for (var minute = 0; minute < _livePerMinute.Length; minute++)
        {
            live += _livePerMinute[minute];
            abandoned += _abandonsPerMinute[minute];
            if (minute >= window)
            {
                live -= _livePerMinute[minute - window];
                abandoned -= _abandonsPerMinute[minute - window];
            }

            if (minute >= window - 1 && live > 0)
            {
                max = Math.Max(max, (double)abandoned / live);
            }
        }

        return max;
    }

    private sealed class SimulatedOperator
    {
        public DateTimeOffset FreeSince { get; set; }

        public DateTimeOffset TalkingSince { get; set; }

        public DateTimeOffset? WrapUpSince { get; set; }

        public SessionId Session { get; set; }
    }

    private enum PendingCommandKind : byte
    {
        Originate,
        Connect,
        Abandon,
        HangUp,
    }

    /// <summary>A command of the dialer that the simulator carries out, as a value (one per call and more).</summary>
    private readonly record struct PendingCommand(
        PendingCommandKind Kind,
        CallId Call,
        OperatorId Operator = default,
        SessionId Session = default,
        RingTimeout RingTimeout = default,
        bool OnOperatorLine = false);

    private enum SimulationEventKind : byte
    {
        Carrier,
        WrapUpDone,
        ScenarioChange,
    }

    /// <summary>
    /// One event of the timeline, packed into 16 bytes: the queue holds thousands of them and moves
    /// them at every step (as a plain record of its parts it took a tenth of the simulator's time).
    /// </summary>
    private readonly struct SimulationEvent
    {
        // The call (carrier events) or the session (the others) the event is about.
        private readonly long _subject;

        // The call's slot at the carrier (carrier events), the operator (wrap-up) or the scenario phase.
        private readonly int _number;

        // A call's generation is 0, or 1 once connected.
        private readonly byte _generation;
        private readonly byte _carrierKind;

        private SimulationEvent(SimulationEventKind kind, long subject, int number, int generation = 0, CarrierEventKind carrierKind = default)
        {
            Kind = kind;
            _subject = subject;
            _number = number;
            _generation = checked((byte)generation);
            _carrierKind = (byte)carrierKind;
        }

        public SimulationEventKind Kind { get; }

        public CarrierEvent Carrier => new(new CallId(_subject), _generation, (CarrierEventKind)_carrierKind) { Slot = _number };

        public int Index => _number;

        public SessionId Session => new(_subject);

        public static SimulationEvent Of(CarrierEvent carrierEvent) =>
            new(SimulationEventKind.Carrier, carrierEvent.Call.Value, carrierEvent.Slot, carrierEvent.Generation, carrierEvent.Kind);

        public static SimulationEvent WrapUpDone(int line, SessionId session) => new(SimulationEventKind.WrapUpDone, session.Value, line);

        public static SimulationEvent ScenarioChange(int phase) => new(SimulationEventKind.ScenarioChange, 0, phase);
    }
}
