using Microsoft.Extensions.Time.Testing;

namespace Outdial.Dialing.Tests;

/// <summary>
/// A host that drives one dialer with a random but well-formed sequence of events, as a telephony
/// adapter and operators' browsers would, and checks every command against the invariants of
/// issue 7 as it goes. Each choice comes from the next number of <see cref="Run"/>'s script, so
/// CsCheck can shrink a failing script.
/// </summary>
internal sealed class RandomHost
{
    public static readonly string[] Zones = ["America/New_York", "Europe/Prague", "Asia/Tokyo"];

    private readonly FakeTimeProvider _clock;
    private readonly MutableBlacklist _blacklist = new();
    private readonly CampaignSettings _settings;
    private readonly Dictionary<RecordId, (E164Number Phone, TimeZoneInfo Zone)> _records = [];
    private readonly Dictionary<CallId, HostCall> _calls = [];
    private readonly Dictionary<SessionId, HostSession> _sessions = [];
    private readonly Dictionary<RecordId, int> _dialsPerRecord = [];
    private readonly Dictionary<RecordId, RecordState> _finalStates = [];
    private readonly List<string> _violations = [];
    private bool _paused;

    // The same dialer told not to report record changes, fed the same events: it must decide the same.
    private readonly CampaignDialer _silent;
    private long _nextRecord;

    private static readonly CallingWindow Weekdays = new(Enum.GetValues<DayOfWeek>()
        .Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        .Select(d => new DayWindow(d, new TimeOnly(9, 0), new TimeOnly(17, 0))));

    /// <param name="callingHours">0: any time; 1: 9:00–17:00 daily; 2: 9:00–17:00 Monday to Friday.</param>
    public RandomHost(DialingMode mode, int callingHours, DateTimeOffset start, int maxAttempts)
    {
        _clock = new FakeTimeProvider(start);
        _settings = new CampaignSettings
        {
            Mode = mode,
            ConfiguredPickupRate = new PickupRate(0.4),
            BeforeCallWork = TimeSpan.FromSeconds(8),
            CallingWindow = callingHours switch
            {
                1 => new CallingWindow(new TimeOnly(9, 0), new TimeOnly(17, 0)),
                2 => Weekdays,
                _ => null,
            },
            MaxAttempts = maxAttempts,
            RetryDelay = TimeSpan.FromMinutes(20),
            AbandonLockout = TimeSpan.FromHours(3),
            MaxRejections = 2,
        };
        Dialer = new CampaignDialer(_settings, _clock, _blacklist);
        _silent = new CampaignDialer(_settings, _clock, _blacklist, reportsRecordChanges: false);
    }

    public CampaignDialer Dialer { get; }

    public List<string> Log { get; } = [];

    public IReadOnlyList<string> Violations => _violations;

    public int Dials => _dialsPerRecord.Values.Sum();

    /// <summary>Plays the script, then lets every call and session finish and time run out.</summary>
    public void Run(IReadOnlyList<int> script)
    {
        AddRecords(6);
        foreach (var choice in script)
        {
            Step(choice);
        }

        Drain();
        CheckFinalStates();
    }

    private void Step(int choice)
    {
        var action = choice % 16;
        var pick = choice / 16;
        switch (action)
        {
            case 0 or 1:
                Send(new OperatorPresenceChanged(new OperatorId(1 + (pick % 4)), (OperatorPresence)(pick / 4 % 3)));
                break;
            case 2:
                AddRecords(1 + (pick % 3));
                break;
            case 3 when pick % 2 == 0 && Dialer.NextDeadline is { } deadline && deadline > _clock.GetUtcNow():
                // What a real host does: wake the dialer exactly when it asked.
                _clock.Advance(deadline - _clock.GetUtcNow());
                Send(Tick.Instance);
                break;
            case 3:
                _clock.Advance(TimeSpan.FromSeconds(pick % 40));
                Send(Tick.Instance);
                break;
            case 4:
                _clock.Advance(TimeSpan.FromMinutes(pick % 300));
                Send(Tick.Instance);
                break;
            case 5:
                Send(pick % 2 == 0 ? new CampaignPaused() : new CampaignResumed());
                break;
            case 6:
                if (_records.Count > 0)
                {
                    _blacklist.Add(_records.ElementAt(pick % _records.Count).Value.Phone);
                }

                break;
            case 7:
                if (_records.Count > 0 && pick % 4 == 0)
                {
                    Send(new RecordCancelled(_records.ElementAt(pick % _records.Count).Key));
                }

                break;
            case 8 or 9:
                ActOnSession(pick);
                break;
            case 15 when pick % 3 == 0:
                // The supervisor retypes the pickup rate mid-campaign.
                Send(new SettingsChanged(Dialer.Settings with { ConfiguredPickupRate = new PickupRate((1 + (pick % 9)) / 10.0) }));
                break;
            default:
                ActOnCall(pick);
                break;
        }
    }

    private void ActOnSession(int pick)
    {
        if (_sessions.Count == 0)
        {
            return;
        }

        var (id, session) = _sessions.ElementAt(pick % _sessions.Count);
        var what = pick / 7 % 4;
        switch (session.Stage)
        {
            case "offered":
                Send(what == 0 ? new SessionRejected(id) : new SessionAccepted(id));
                break;
            case "bcw":
                Send(what == 0 ? new SessionRejected(id) : new CallNowPressed(id));
                break;
            case "wrapup" or "talking":
                OperatorResult result = (pick / 3 % 4) switch
                {
                    0 => OperatorResult.Success,
                    1 => OperatorResult.Retry,
                    2 => OperatorResult.Failed,
                    _ => OperatorResult.Callback(_clock.GetUtcNow().AddMinutes(pick % 90)),
                };
                Send(new SessionCompleted(id, result));
                break;
            default:
                break;
        }
    }

    private void ActOnCall(int pick)
    {
        if (_calls.Count == 0)
        {
            return;
        }

        var (id, call) = _calls.ElementAt(pick % _calls.Count);
        var what = pick / 5 % 6;
        DialerEvent progress = call.Answered
            ? new CallEnded(id)
            : what switch
            {
                0 => new CallRinging(id),
                1 or 2 => new CallAnswered(id, AnsweredBy.Live),
                3 => new CallAnswered(id, AnsweredBy.Machine),
                4 => new CallFailed(id, (CallFailure)(pick % 6)),
                _ => new CallEnded(id),
            };
        Send(progress);
    }

    private void Drain()
    {
        for (var round = 0; round < 400 && (_calls.Count > 0 || _sessions.Count > 0); round++)
        {
            if (_calls.Count > 0)
            {
                var (id, call) = _calls.First();
                Send(call.Answered ? new CallEnded(id) : new CallFailed(id, CallFailure.NoAnswer));
            }
            else
            {
                var (id, session) = _sessions.First();
                Send(session.Stage is "offered" ? new SessionRejected(id) : new SessionCompleted(id, OperatorResult.Success));
            }

            _clock.Advance(TimeSpan.FromSeconds(3));
            Send(Tick.Instance);
        }

        foreach (var op in Enumerable.Range(1, 4))
        {
            Send(new OperatorPresenceChanged(new OperatorId(op), OperatorPresence.Offline));
        }

        Send(new CampaignPaused());
    }

    private void AddRecords(int count)
    {
        var records = new List<NewRecord>();
        for (var i = 0; i < count; i++)
        {
            var id = new RecordId(++_nextRecord);
            var zone = Zones[(int)(_nextRecord % Zones.Length)];
            var record = new NewRecord(id, E164Number.Parse($"+4207{_nextRecord:D8}"), zone);
            _records.Add(id, (record.Phone!, TimeZoneInfo.FindSystemTimeZoneById(zone)));
            records.Add(record);
        }

        Send(new RecordsAdded(records));
    }

    private void Send(DialerEvent dialerEvent)
    {
        switch (dialerEvent)
        {
            case CampaignPaused:
                _paused = true;
                break;
            case CampaignResumed:
                _paused = false;
                break;
            case SessionAccepted accepted when _sessions.TryGetValue(accepted.Session, out var s) && s.Stage == "offered":
                s.Stage = "bcw";
                s.AcceptedAt = _clock.GetUtcNow();
                break;
            case CallNowPressed pressed when _sessions.TryGetValue(pressed.Session, out var s) && s.Stage == "bcw":
                s.CallNowPressed = true;
                break;
            case SessionRejected rejected when _sessions.TryGetValue(rejected.Session, out var s) && s.Stage is "offered" or "bcw":
                _sessions.Remove(rejected.Session);
                break;
            case SessionCompleted completed when _sessions.TryGetValue(completed.Session, out var s) && s.Stage is "wrapup" or "talking":
                _sessions.Remove(completed.Session);
                if (s.Call is { } talking)
                {
                    _calls.Remove(talking);
                }

                break;
            case CallAnswered answered when _calls.TryGetValue(answered.Call, out var c):
                c.Answered = true;
                if (c.Session is { } preview)
                {
                    preview.Stage = "talking";
                }

                break;
            case CallFailed or CallEnded when _calls.Remove(((CallProgress)dialerEvent).Call, out var c):
                if (c.Session is { } held)
                {
                    held.Stage = "wrapup";
                    held.Call = null;
                }

                break;
            default:
                break;
        }

        Log.Add(dialerEvent.ToString());
        var commands = Dialer.Handle(dialerEvent);
        foreach (var command in commands)
        {
            Log.Add(command.ToString());
            Check(command);
        }

        var decided = commands.Where(c => c is not RecordChanged).Select(c => c.ToString());
        // As the simulator feeds its dialer: no record changes, and call progress handed over as values.
        var silentCommands = new List<DialerCommand>();
        var output = new DialerCommandList(silentCommands);
        if (dialerEvent is CallProgress progress)
        {
            _silent.Handle(CallNews.Of(progress), output);
        }
        else
        {
            _silent.Handle(dialerEvent, output);
        }

        var silent = silentCommands.Select(c => c.ToString()).ToList();
        if (!decided.SequenceEqual(silent))
        {
            Violation($"without record changes and fed progress as values, the dialer decided otherwise: {string.Join("; ", silent)}");
        }
    }

    private void Check(DialerCommand command)
    {
        var now = _clock.GetUtcNow();
        switch (command)
        {
            case OfferSession offer:
                if (_paused)
                {
                    Violation($"{offer} while paused");
                }

                RequireNoSession(offer.Operator, offer.ToString());
                _sessions[offer.Session] = new HostSession(offer.Operator, offer.Record) { Stage = "offered" };
                break;
            case Originate originate:
                CheckDial(originate, now);
                var call = new HostCall(originate.Record);
                if (originate.OperatorLine is { } line)
                {
                    var session = _sessions.Values.SingleOrDefault(s => s.Operator == line && s.Stage == "bcw");
                    if (session is null)
                    {
                        Violation($"{originate} rings on an operator without an accepted session");
                    }
                    else
                    {
                        if (!session.CallNowPressed && now < session.AcceptedAt + _settings.BeforeCallWork)
                        {
                            Violation($"{originate} before BCW ended (accepted {session.AcceptedAt:O})");
                        }

                        session.Stage = "dialling";
                        session.Call = originate.Call;
                        call.Session = session;
                    }
                }

                _calls[originate.Call] = call;
                break;
            case ConnectCall connect:
                RequireNoSession(connect.Operator, connect.ToString());
                var connected = new HostSession(connect.Operator, _calls[connect.Call].Record) { Stage = "talking", Call = connect.Call };
                _sessions[connect.Session] = connected;
                _calls[connect.Call].Session = connected;
                break;
            case PlayAbandonMessageAndHangUp abandon:
                if (_settings.Mode == DialingMode.Progressive)
                {
                    Violation($"progressive abandoned {abandon.Call}");
                }

                _calls.Remove(abandon.Call);
                break;
            case HangUp hangUp:
                if (_calls.Remove(hangUp.Call, out var hung) && hung.Session is { } s)
                {
                    s.Stage = "wrapup";
                    s.Call = null;
                }

                break;
            case SessionCancelled cancelled:
                _sessions.Remove(cancelled.Session);
                break;
            case RecordChanged changed:
                var id = changed.Record.Id;
                if (_finalStates.TryGetValue(id, out var final))
                {
                    Violation($"{id} changed to {changed.Record.State} after its final state {final}");
                }

                if (changed.Record.State.IsFinal())
                {
                    _finalStates[id] = changed.Record.State;
                }

                break;
            default:
                break;
        }
    }

    private void CheckDial(Originate originate, DateTimeOffset now)
    {
        var (phone, zone) = _records[originate.Record];
        if (_paused)
        {
            Violation($"{originate} while paused");
        }

        if (_blacklist.Contains(phone))
        {
            Violation($"{originate} to a blacklisted number");
        }

        if (_settings.CallingWindow is { } window && !window.IsOpenAt(now, zone))
        {
            Violation($"{originate} at {now:O}, outside calling hours in {zone.Id}");
        }

        if (_calls.Values.Any(c => c.Record == originate.Record))
        {
            Violation($"{originate}: {originate.Record} already has a call");
        }

        if (_finalStates.ContainsKey(originate.Record))
        {
            Violation($"{originate}: {originate.Record} is already final");
        }

        var dials = _dialsPerRecord[originate.Record] = _dialsPerRecord.GetValueOrDefault(originate.Record) + 1;
        if (dials > _settings.MaxAttempts)
        {
            Violation($"{originate}: attempt {dials} of at most {_settings.MaxAttempts}");
        }
    }

    private void RequireNoSession(OperatorId op, string what)
    {
        if (_sessions.Values.Any(s => s.Operator == op))
        {
            Violation($"{what}: {op} already has a session");
        }
    }

    /// <summary>After the drain, each record is in one state that fits: final, or waiting in the queue.</summary>
    private void CheckFinalStates()
    {
        foreach (var id in _records.Keys)
        {
            var reason = Dialer.WhyWaiting(id).Reason;
            if (Dialer.RecordOf(id) is not { } record)
            {
                // Let go of by the dialer: only a final record may be, and the host must know its final state.
                if (!_finalStates.ContainsKey(id) || reason != WaitReason.Finished)
                {
                    Violation($"{id} is gone from the dialer without a final state");
                }

                continue;
            }

            if (!record.State.IsWaiting() || _finalStates.ContainsKey(id))
            {
                Violation($"{id} left in {record.State} with no call or session");
            }

            if (reason is WaitReason.InProgress or WaitReason.Finished or WaitReason.Unknown)
            {
                Violation($"{id} waits, yet says {reason}");
            }
        }
    }

    private void Violation(string what) => _violations.Add($"{what} (at {_clock.GetUtcNow():O})");

    private sealed class HostCall(RecordId record)
    {
        public RecordId Record { get; } = record;

        public bool Answered { get; set; }

        public HostSession? Session { get; set; }
    }

    private sealed class HostSession(OperatorId @operator, RecordId record)
    {
        public OperatorId Operator { get; } = @operator;

        public RecordId Record { get; } = record;

        public string Stage { get; set; } = "offered";

        public DateTimeOffset AcceptedAt { get; set; }

        public bool CallNowPressed { get; set; }

        public CallId? Call { get; set; }
    }

    private sealed class MutableBlacklist : IBlacklist
    {
        private readonly HashSet<E164Number> _numbers = [];

        public void Add(E164Number number) => _numbers.Add(number);

        public bool Contains(E164Number number) => _numbers.Contains(number);
    }
}
