using Outdial.Dialing.Pacing;

namespace Outdial.Dialing;

/// <summary>
/// The dialer of one campaign: a deterministic state machine that takes <see cref="DialerEvent"/>s
/// and returns <see cref="DialerCommand"/>s (docs/dialer.md). It reads time only from the injected
/// <see cref="TimeProvider"/>, does no I/O and starts no threads; the host calls it from one thread
/// at a time and sends a <see cref="Tick"/> at <see cref="NextDeadline"/>.
/// </summary>
public sealed partial class CampaignDialer
{
    private readonly TimeProvider _time;
    private readonly IBlacklist _blacklist;
    private IPacingPolicy _pacing;
    private readonly bool _reportsRecordChanges;
    private CampaignSettings _settings;
    private CallerIdRotator _callerIds;
    private bool _paused;

    // Records that may still change; final ones are only remembered by id, so they are never re-added.
    private readonly Dictionary<RecordId, RecordEntry> _records = [];
    private readonly FinishedRecords _finished = new();
    private readonly RecordQueue _queue = new();

    // Due callbacks kept for an operator who was not free when they came up, by that operator.
    private readonly Dictionary<OperatorId, List<RecordEntry>> _setAside = [];
    private readonly Dictionary<OperatorId, OperatorEntry> _operators = [];
    private readonly int[] _activityCounts = new int[Enum.GetValues<OperatorActivity>().Length];

    // Free operators, the one free longest first: an answered call goes to the head.
    private readonly LinkedList<OperatorEntry> _freeOperators = new();
    private readonly Dictionary<SessionId, SessionEntry> _sessions = [];
    private readonly List<SessionEntry> _bcwSessions = [];
    private readonly Dictionary<CallId, CallEntry> _calls = [];

    // Entries of calls that ended, for the next dials to take over.
    private readonly Stack<CallEntry> _endedCalls = new();

    // Answered calls waiting for an operator, oldest first; each is abandoned at its AbandonAt.
    private readonly LinkedList<CallEntry> _waitingCalls = new();
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private long _lastCallId;
    private long _lastSessionId;
    private long _lastRecordOrder;
    private int _dialling;
    private int _talking;

    // Set when the dialer wanted a record and none was due: only then does the next due time matter.
    private bool _starvedForRecords;
    // Where the commands of the event being handled go; between events, a list nobody reads.
    private IDialerOutput _out;
    private readonly DialerCommandList _noEvent = new([]);

    // Wraps the host's list for the public Handle, made once so that handling an event allocates no wrapper.
    private readonly DialerCommandList _commandList = new([]);
    private DateTimeOffset _now;

    /// <param name="pacing">
    /// The predictive pacing policy; the seed's fixed ratio when <c>null</c>. The simulator passes its
    /// own policies here — the rest of the dialer is the same code that ships.
    /// </param>
    /// <param name="reportsRecordChanges">
    /// Whether to emit a <see cref="RecordChanged"/> after every change of a record. A host that keeps
    /// no records (the simulator, which only counts calls and seconds) turns it off; nothing else the
    /// dialer decides depends on it.
    /// </param>
    public CampaignDialer(CampaignSettings settings, TimeProvider time, IBlacklist? blacklist = null, IPacingPolicy? pacing = null, bool reportsRecordChanges = true)
    {
        _reportsRecordChanges = reportsRecordChanges;
        _settings = settings;
        _time = time;
        _blacklist = blacklist ?? InMemoryBlacklist.Empty;
        _pacing = pacing ?? new FixedRatioPacing();
        _callerIds = new CallerIdRotator(settings);
        _now = time.GetUtcNow();
        _out = _noEvent;
    }

    public CampaignSettings Settings => _settings;

    public bool IsPaused => _paused;

    /// <summary>Records waiting in the queue (due or not).</summary>
    public int QueuedRecordCount => _queue.Count;

    /// <summary>Calls placed and not yet over (dialling, waiting for an operator, connected).</summary>
    public int CallsInProgress => _calls.Count;

    /// <summary>
    /// The next time something is due without any other event (a BCW ending, an answered call
    /// reaching its abandon deadline, a record becoming due while operators wait, a policy
    /// review). The host sends a <see cref="Tick"/> then; <c>null</c> means nothing is pending.
    /// The instant is given in UTC (offset zero).
    /// </summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            var ticks = NextDeadlineTicks;
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary><see cref="NextDeadline"/> in UTC ticks, <see cref="long.MaxValue"/> for none: the simulator asks after every event.</summary>
    internal long NextDeadlineTicks
    {
        get
        {
            var next = _waitingCalls.First is { } oldest ? oldest.Value.AbandonAt.UtcTicks : long.MaxValue;
            for (var i = 0; i < _bcwSessions.Count; i++)
            {
                next = Math.Min(next, _bcwSessions[i].DialAt.UtcTicks);
            }

            if (!_paused && _starvedForRecords && _queue.NextDue is { } due)
            {
                next = Math.Min(next, due.UtcTicks);
            }

            if (!_paused && _settings.Mode == DialingMode.Predictive && _pacing.NextReviewAt is { } review)
            {
                next = Math.Min(next, review.UtcTicks);
            }

            if (_setAside.Count == 0)
            {
                return next;
            }

            foreach (var (reserved, waiting) in _setAside)
            {
                // Set aside while its operator was free (by the predictive loop): start it at once.
                var operatorFree = _operators.TryGetValue(reserved, out var entry) && entry.IsFree;
                next = Math.Min(next, (operatorFree && !_paused ? _now : waiting.Min(ReservationEnd)).UtcTicks);
            }

            return next;
        }
    }

    /// <summary>Handles one event and returns the commands for the host, in the order to carry them out.</summary>
    public IReadOnlyList<DialerCommand> Handle(DialerEvent dialerEvent)
    {
        var commands = new List<DialerCommand>();
        Handle(dialerEvent, commands);
        return commands;
    }

    /// <summary>Handles one event, appending the commands to <paramref name="commands"/> (lets a busy host reuse one list).</summary>
    public void Handle(DialerEvent dialerEvent, List<DialerCommand> commands)
    {
        _commandList.Commands = commands;
        Handle(dialerEvent, _commandList);
    }

    /// <summary>Handles one event, putting the commands into <paramref name="output"/>.</summary>
    internal void Handle(DialerEvent dialerEvent, IDialerOutput output)
    {
        BeginEvent(output);
        switch (dialerEvent)
        {
            case CallProgress progress:
                OnCallProgress(CallNews.Of(progress));
                break;
            case OperatorPresenceChanged changed:
                OnPresenceChanged(changed.Operator, changed.Presence);
                break;
            case SessionAccepted accepted:
                OnSessionAccepted(accepted.Session);
                break;
            case SessionRejected rejected:
                OnSessionRejected(rejected.Session);
                break;
            case CallNowPressed pressed:
                OnCallNowPressed(pressed.Session);
                break;
            case SessionCompleted completed:
                OnSessionCompleted(completed.Session, completed.Result);
                break;
            case Tick:
                break;
            case SettingsChanged changed:
                var before = _settings;
                _settings = changed.Settings;
                _callerIds = new CallerIdRotator(changed.Settings);
                if (changed.Pacing is { } taking)
                {
                    _pacing = taking;
                    BriefPacing();
                }

                if (!CallingWindow.SameHours(before.CallingWindow, _settings.CallingWindow) || before.Mode != _settings.Mode)
                {
                    RequeueDeferredRecords();
                }

                break;
            case CampaignPaused:
                OnPaused();
                break;
            case CampaignResumed:
                _paused = false;
                break;
            case RecordsAdded added:
                OnRecordsAdded(added.Records);
                break;
            case RecordCancelled cancelled:
                OnRecordCancelled(cancelled.Record);
                break;
            case ContactFactsChanged changed:
                foreach (var record in _records.Values)
                {
                    record.ContactFacts = changed.Facts.GetValueOrDefault(record.Id);
                    record.Phones = changed.Phones.GetValueOrDefault(record.Id);
                }

                break;
            default:
                throw new ArgumentException($"The dialer does not handle {dialerEvent.GetType().Name}.", nameof(dialerEvent));
        }

        EndEvent();
    }

    /// <summary>
    /// Handles a call's progress given as a value, like <see cref="CallProgress"/> events: the
    /// simulator hands over several per call and makes no event object for them.
    /// </summary>
    internal void Handle(CallNews news, IDialerOutput output)
    {
        BeginEvent(output);
        OnCallProgress(news);
        EndEvent();
    }

    private void BeginEvent(IDialerOutput output)
    {
        _out = output;
        _now = _time.GetUtcNow();

        // Deadlines that passed before this event happened first.
        ExpireDeadlines();
    }

    private void EndEvent()
    {
        ExpireDeadlines();
        StartWork();
        _out = _noEvent;
    }

    /// <summary>
    /// The current view of a record the dialer holds; <c>null</c> for one it never got or that is
    /// final (its last <see cref="RecordChanged"/> told the host its final state).
    /// </summary>
    public RecordSnapshot? RecordOf(RecordId id) => _records.TryGetValue(id, out var record) ? record.Snapshot() : null;

    /// <summary>The records that may still change.</summary>
    public IEnumerable<RecordSnapshot> Records => _records.Values.Select(r => r.Snapshot());

    /// <summary>Records not yet final (queued, offered or on a call); zero means every record has ended.</summary>
    public int OpenRecordCount => _records.Count;

    /// <summary>The session an operator holds, or <c>null</c> when they hold none.</summary>
    public SessionView? SessionOf(OperatorId id) =>
        _operators.TryGetValue(id, out var entry) && entry.Session is { } session && _sessions.ContainsKey(session.Id)
            ? new SessionView(session.Id, session.Record.Id, session.Stage, session.Call?.Id, session.Call?.Stage, session.Stage == SessionStage.Bcw ? session.DialAt : null)
            : null;

    /// <summary>The operators who have taken part, by activity (the supervisor's "operators by state").</summary>
    public int CountIn(OperatorActivity activity) => _activityCounts[(int)activity];

    public OperatorActivity ActivityOf(OperatorId id) =>
        _operators.TryGetValue(id, out var entry) ? entry.Activity : OperatorActivity.Offline;

    /// <summary>What the pacing policy sees right now.</summary>
    public PacingSnapshot Snapshot() => new(
        _now,
        LoggedIn: _operators.Count - _activityCounts[(int)OperatorActivity.Offline] - _activityCounts[(int)OperatorActivity.OnBreak],
        Free: _freeOperators.Count,
        Dialling: _dialling,
        WaitingForOperator: _waitingCalls.Count,
        Talking: _talking,
        WrapUp: _activityCounts[(int)OperatorActivity.WrapUp],
        _settings.ConfiguredPickupRate)
    {
        RingTimeout = _settings.RingTimeout.Duration,
        AbandonAfter = _settings.AbandonAfter,
        ChannelLimit = _settings.ChannelLimit,
    };

    /// <summary>Channels left for new calls under <see cref="CampaignSettings.ChannelLimit"/>.</summary>
    private int FreeChannels => _settings.ChannelLimit is { } limit ? Math.Max(0, limit - (_dialling + _waitingCalls.Count + _talking)) : int.MaxValue;

    /// <summary>
    /// Why a waiting record is not being dialled now, and the earliest time it can be. Asked by
    /// the API for the records table ("time until the next attempt").
    /// </summary>
    public WaitStatus WhyWaiting(RecordId id)
    {
        if (!_records.TryGetValue(id, out var record))
        {
            return new WaitStatus(_finished.Contains(id) ? WaitReason.Finished : WaitReason.Unknown);
        }

        if (record.SetAside)
        {
            return new WaitStatus(WaitReason.Callback, record.CallbackAt);
        }

        if (!record.Queued)
        {
            return new WaitStatus(WaitReason.InProgress);
        }

        var now = _time.GetUtcNow();
        if (_paused)
        {
            return new WaitStatus(WaitReason.CampaignPaused);
        }

        if (record.CallbackAt is { } callback && callback > now)
        {
            return new WaitStatus(WaitReason.Callback, callback);
        }

        if (_settings.Mode != DialingMode.Preview && record.LockedOutUntil is { } lockout && lockout > now)
        {
            return new WaitStatus(WaitReason.Lockout, lockout);
        }

        if (record.NextAttemptAt is { } next && next > now)
        {
            return new WaitStatus(WaitReason.RetryDelay, next);
        }

        if (_settings.CallingWindow is { } window && !window.IsOpenAt(now, record.Zone))
        {
            return new WaitStatus(WaitReason.CallingHours, window.NextOpening(now, record.Zone));
        }

        return new WaitStatus(WaitReason.NoFreeOperator);
    }

    private void Emit(DialerCommand command) => _out.Add(command);

    private void EmitRecord(RecordEntry record)
    {
        if (_reportsRecordChanges)
        {
            _out.Add(new RecordChanged(record.Snapshot()));
        }
    }

    /// <summary>
    /// A policy that takes over a running campaign learns what is in progress — each call still
    /// ringing and since when, each operator's phase and since when — so that its first forecasts
    /// count the calls placed before it. Times and answers become samples only from now on.
    /// </summary>
    private void BriefPacing()
    {
        foreach (var call in _calls.Values)
        {
            if (call.Stage is CallStage.Dialling or CallStage.Ringing)
            {
                _pacing.Observe(new PacingObservation(PacingObservationKind.Dialled, call.DialledAt, call.Id, call.Operator?.Id));
            }
        }

        foreach (var entry in _operators.Values)
        {
            PacingObservationKind? phase = entry.Activity switch
            {
                OperatorActivity.Talking => PacingObservationKind.Connected,
                OperatorActivity.WrapUp => PacingObservationKind.CallEnded,
                OperatorActivity.Free => PacingObservationKind.OperatorFree,
                _ => null,
            };
            if (phase is { } kind)
            {
                _pacing.Observe(new PacingObservation(kind, entry.ActivitySince, default, entry.Id));
            }
        }
    }

    private void Observe(PacingObservationKind kind, CallId call, OperatorId? @operator = null) =>
        _pacing.Observe(new PacingObservation(kind, _now, call, @operator));
}
