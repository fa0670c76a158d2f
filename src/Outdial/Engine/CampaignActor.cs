using System.Threading.Channels;
using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Dialing.Pacing;
using Outdial.Dialing.Telephony;
using CoreSettings = Outdial.Dialing.CampaignSettings;

namespace Outdial.Engine;

/// <summary>A campaign record as the engine loads it into a dialer.</summary>
public sealed record LoadedRecord(Guid Id, Guid ContactId, long Order, string? Phone, string? TimeZoneId, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? CallbackAt, DateTimeOffset? LockedOutUntil, Guid? ReservedOperatorId = null)
{
    /// <summary>The rules (by position) whose contact condition the contact meets.</summary>
    public IReadOnlySet<int>? ContactFacts { get; init; }

    /// <summary>The contact's phones under the labels the rules call again on.</summary>
    public IReadOnlyDictionary<string, E164Number>? Phones { get; init; }
}

/// <summary>A running campaign as the supervisor watches it.</summary>
/// <param name="DialsPerFreeOperator">How many numbers the campaign dials for each free operator now (1 outside predictive).</param>
/// <param name="EstimatedPickupRate">Adaptive pacing's current estimate of the live-answer share.</param>
/// <param name="AbandonCap">The tenant's abandon cap the campaign answers to (the one adaptive pacing holds it under).</param>
public sealed record LiveCampaign(
    bool Paused,
    IReadOnlyDictionary<OperatorActivity, int> OperatorsByActivity,
    int CallsDialling,
    int CallsWaitingForOperator,
    int CallsConnected,
    double DialsPerFreeOperator,
    double? EstimatedPickupRate,
    (long Live, long Abandoned) Last24Hours,
    (long Live, long Abandoned) Last30Days,
    double AbandonCap,
    int QueuedRecords,
    (DateTimeOffset At, string Message)? LastError);

/// <summary>What an actor needs besides its campaign: where to store, whom to show, how to call.</summary>
public sealed record ActorServices(
    EngineStore Store, OperatorDesks Desks, ITelephonyProvider Telephony, EngineMetrics Metrics, TimeProvider Clock, ILogger Logger, RuleEffects Effects, Webhooks.WebhookEvents Webhooks);

/// <summary>
/// One running (or paused) campaign inside the server: its <see cref="CampaignDialer"/>, fed one
/// message at a time from a mailbox (docs/engine.md). Call progress, operator actions, lifecycle
/// changes and timer ticks all arrive as messages; the actor stores what the dialer decides
/// (the attempt before its call) and carries out its commands.
/// </summary>
public sealed partial class CampaignActor : ICampaignLine, IAsyncDisposable
{
    private readonly Channel<Message> _mailbox = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ActorServices _services;
    private readonly CampaignDialer _dialer;
    private readonly ICallControl _telephony;
    private readonly ITimer _timer;
    private IPacingPolicy? _pacing;
    private readonly AbandonLedger _ledger;
    private readonly HashSet<long> _removing = [];

    // The call the latest news closed, with its attempt: the outcome it leads to names that call.
    private (CallId Call, CampaignAttempt Attempt)? _lastClosed;
    private readonly Func<Guid, Task> _goalReached;
    private readonly Task _loop;
    private readonly List<DialerCommand> _commands = [];
    private Campaign _campaign;
    private int _acwSeconds;
    private double _abandonCap;
    private bool _loaded;
    private bool _goalReported;
    private bool _stopping;
    private volatile bool _pausedOrStopping;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="goalReached">Called (once) when every record is final and the campaign's goal is to process them all.</param>
    /// <param name="pacing">The abandon cap, and the pacing policy built over the campaign's abandon history, which the actor keeps and records itself.</param>
    public CampaignActor(Campaign campaign, CoreSettings settings, CampaignPacing pacing, IBlacklist blacklist, int acwSeconds, ActorServices services, Func<Guid, Task> goalReached)
    {
        _campaign = campaign;
        _acwSeconds = acwSeconds;
        _services = services;
        _goalReached = goalReached;
        _ledger = new AbandonLedger();
        _abandonCap = pacing.AbandonCap;
        _pacing = pacing.Build(_ledger);
        _dialer = new CampaignDialer(settings, services.Clock, blacklist, _pacing);
        _telephony = services.Telephony.Open(campaign.Id, this);
        _timer = services.Clock.CreateTimer(_ => Post(Tick.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(RunAsync);
    }

    public Guid CampaignId => _campaign.Id;

    public Campaign Campaign => _campaign;

    /// <summary>Completes when a stopping campaign has no call and no session left, and the actor has ended.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>The telephony adapter reports call progress here, from any thread.</summary>
    public void Report(CallProgress progress) => Post(progress);

    /// <summary>Work for the actor's loop, stamped when it was posted (for the latency metric).</summary>
    private readonly record struct Message(long PostedAt, Func<Task> Run);

    private bool Post(Func<Task> run) => _mailbox.Writer.TryWrite(new Message(_services.Clock.GetTimestamp(), run));

    private void Post(DialerEvent dialerEvent) => Post(() => HandleAsync(dialerEvent));

    /// <summary>Runs <paramref name="work"/> inside the actor (one message at a time) and returns its result.</summary>
    private Task<T> Ask<T>(Func<Task<T>> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(async () =>
        {
            try
            {
                result.SetResult(await work());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        if (!posted)
        {
            result.SetException(new ConflictProblem($"The campaign {_campaign.Name} is no longer running."));
        }

        return result.Task;
    }

    private Task Ask(Func<Task> work) => Ask(async () =>
    {
        await work();
        return true;
    });

    /// <summary>Loads records (at start, or added to a running campaign); the dialer skips those it already has.</summary>
    public Task AddRecordsAsync(IReadOnlyList<LoadedRecord> records) => Ask(() =>
    {
        var added = new List<NewRecord>(records.Count);
        foreach (var record in records)
        {
            _records.TryAdd(record.Order, record);
            added.Add(new NewRecord(new RecordId(record.Order), record.Phone is null ? null : E164Number.Parse(record.Phone), record.TimeZoneId)
            {
                Attempts = record.Attempts,
                NextAttemptAt = record.NextAttemptAt,
                CallbackAt = record.CallbackAt,
                LockedOutUntil = record.LockedOutUntil,
                ContactFacts = record.ContactFacts,
                Phones = record.Phones,
                ReservedFor = record.ReservedOperatorId is { } user ? OperatorFor(user) : null,
            });
        }

        return HandleAsync(new RecordsAdded(added));
    });

    /// <summary>The rules changed: the contact facts and other phones of the records held, by record id.</summary>
    public Task RefreshContactFactsAsync(IReadOnlyDictionary<Guid, HashSet<int>> facts, IReadOnlyDictionary<Guid, Dictionary<string, E164Number>> phones) => Ask(() =>
    {
        var byId = _records.Values.ToDictionary(r => r.Id, r => new RecordId(r.Order));
        return HandleAsync(new ContactFactsChanged(
            facts.Where(f => byId.ContainsKey(f.Key)).ToDictionary(f => byId[f.Key], f => (IReadOnlySet<int>)f.Value),
            phones.Where(p => byId.ContainsKey(p.Key)).ToDictionary(p => byId[p.Key], p => (IReadOnlyDictionary<string, E164Number>)p.Value)));
    });

    /// <summary>All records present at start are loaded: from now on, no open record left means the goal is reached.</summary>
    public Task LoadedAsync() => Ask(() =>
    {
        _loaded = true;
        return Task.CompletedTask;
    });

    /// <summary>Past live answers and abandons of this campaign, so the rolling 24-hour and 30-day rates survive a restart.</summary>
    public Task SeedLedgerAsync(IReadOnlyList<(DateTimeOffset At, bool Abandoned)> history) => Ask(() =>
    {
        foreach (var (at, abandoned) in history)
        {
            _ledger.LiveAnswer(at);
            if (abandoned)
            {
                _ledger.Abandoned(at);
            }
        }

        return Task.CompletedTask;
    });

    /// <summary>The supervisor removed a record: it is not dialled again (a call in progress ends first).</summary>
    public Task RemoveRecordAsync(Guid recordId) => Ask(() =>
    {
        var record = _records.Values.FirstOrDefault(r => r.Id == recordId);
        if (record is null)
        {
            return Task.CompletedTask;
        }

        _removing.Add(record.Order);
        return HandleAsync(new RecordCancelled(new RecordId(record.Order)));
    });

    /// <summary>What the supervisor's live view shows, read inside the actor.</summary>
    public Task<LiveCampaign> LiveAsync() => Ask(() =>
    {
        var now = _services.Clock.GetUtcNow();
        var snapshot = _dialer.Snapshot();
        var operators = Enum.GetValues<OperatorActivity>().ToDictionary(a => a, _dialer.CountIn);
        var ratio = _dialer.Settings.Mode switch
        {
            DialingMode.Predictive when _pacing is AdaptivePacing adaptive => adaptive.DialsPerFreeOperator,
            DialingMode.Predictive => 1 / _dialer.Settings.ConfiguredPickupRate.Value,
            _ => 1.0,
        };
        return Task.FromResult(new LiveCampaign(
            _dialer.IsPaused,
            operators,
            snapshot.Dialling,
            snapshot.WaitingForOperator,
            snapshot.Talking,
            ratio,
            (_pacing as AdaptivePacing)?.EstimatedPickupRate,
            _ledger.Last24Hours(now),
            _ledger.Last30Days(now),
            (_pacing as AdaptivePacing)?.Options.AbandonCap ?? _abandonCap,
            _dialer.QueuedRecordCount,
            LastError));
    });

    /// <summary>Why each record (by order) is not being dialled now, and when it can be; records this actor no longer holds are left out.</summary>
    public Task<IReadOnlyDictionary<long, WaitStatus>> WhyWaitingAsync(IReadOnlyCollection<long> orders) => Ask(() =>
        Task.FromResult<IReadOnlyDictionary<long, WaitStatus>>(orders
            .Where(_records.ContainsKey)
            .ToDictionary(order => order, order => _dialer.WhyWaiting(new RecordId(order)))));

    public Task PauseAsync()
    {
        _pausedOrStopping = true;
        return Ask(() => HandleAsync(new CampaignPaused()));
    }

    public Task ResumeAsync()
    {
        _pausedOrStopping = _stopping;
        return Ask(() => HandleAsync(new CampaignResumed()));
    }

    /// <summary>Paused, finished or cancelled: it offers and dials nothing new, so operators may work elsewhere.</summary>
    public bool IsPausedOrStopping => _pausedOrStopping;

    /// <summary>The supervisor changed settings of the running campaign (pickup rate, BCW, caller IDs, hours, result codes…).</summary>
    /// <param name="pacing">
    /// The tenant's abandon cap, which adaptive pacing in force aims under from now on, keeping what
    /// it learned; and the pacing policy over the campaign's abandon history, built when the
    /// campaign's pacing differs from the one in force (compared here, inside the actor, so that
    /// overlapping changes apply in order).
    /// </param>
    public Task ChangeSettingsAsync(Campaign campaign, CoreSettings settings, int acwSeconds, CampaignPacing pacing) => Ask(() =>
    {
        var pacingChanged = campaign.Settings.Pacing != _campaign.Settings.Pacing;
        _campaign = campaign;
        _acwSeconds = acwSeconds;
        _abandonCap = pacing.AbandonCap;
        if (pacingChanged && pacing.Build(_ledger) is { } policy)
        {
            _pacing = policy;
            return HandleAsync(new SettingsChanged(settings, policy));
        }

        (_pacing as AdaptivePacing)?.ChangeAbandonCap(pacing.AbandonCap);
        return HandleAsync(new SettingsChanged(settings));
    });

    /// <summary>Cancelled or finished: nothing new is dialled; calls and sessions in progress end normally, then the actor ends.</summary>
    public Task StopAsync() => Ask(async () =>
    {
        _stopping = true;
        _pausedOrStopping = true;
        await HandleAsync(new CampaignPaused());
    });

    private async Task RunAsync()
    {
        await foreach (var message in _mailbox.Reader.ReadAllAsync())
        {
            try
            {
                _services.Metrics.MailboxWait.Record(_services.Clock.GetElapsedTime(message.PostedAt).TotalMilliseconds);
                await message.Run();
                AfterMessage();
                _services.Metrics.MessageLatency.Record(_services.Clock.GetElapsedTime(message.PostedAt).TotalMilliseconds);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                EngineLog.ActorFailed(_services.Logger, _campaign.Id, exception);
            }

            if (_stopping && IsIdle())
            {
                break;
            }

            try
            {
                ArmTimer();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The loop must outlive any one failure: a dead loop would hang every caller of this campaign.
                EngineLog.ActorFailed(_services.Logger, _campaign.Id, exception);
            }
        }

        _mailbox.Writer.TryComplete();
        while (_mailbox.Reader.TryRead(out var late))
        {
            // Requests that arrived while the campaign wound down answer rather than hang.
            try
            {
                await late.Run();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                EngineLog.ActorFailed(_services.Logger, _campaign.Id, exception);
            }
        }

        _timer.Dispose();
        (_telephony as IDisposable)?.Dispose();
        foreach (var user in _operators.Keys)
        {
            _services.Desks.Show(user, DeskView.Idle, _campaign.Id);
        }

        _stopped.TrySetResult();
    }

    private void AfterMessage()
    {
        if (_loaded && !_goalReported && !_stopping && _campaign.Settings.Goal == CampaignGoal.AllContactsProcessed && _dialer.OpenRecordCount == 0 && _records.Count == 0)
        {
            _goalReported = true;

            // Not awaited: finishing the campaign stops this actor, which needs this loop to be free.
            _ = _goalReached(_campaign.Id);
        }
    }

    private bool IsIdle() => _dialer.CallsInProgress == 0 && _operators.Values.All(op => _dialer.SessionOf(op) is null);

    /// <summary>
    /// The longest the timer waits in one go; a later deadline (a callback months away) is reached
    /// by waking up and arming again. Timers take at most about 49 days.
    /// </summary>
    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromHours(1);

    private void ArmTimer()
    {
        if (_dialer.NextDeadline is { } deadline)
        {
            var due = deadline - _services.Clock.GetUtcNow();
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > LongestTimerWait ? LongestTimerWait : due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.TryComplete();
        await _loop;
    }
}
