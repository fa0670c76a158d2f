using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Numbers;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Engine;

/// <summary>
/// Runs the campaigns: one <see cref="CampaignActor"/> per running or paused campaign, started
/// after <see cref="EngineRecovery"/>, and started, paused, changed and stopped as the campaign
/// directory reports (docs/engine.md). Operators reach actors through <see cref="OperatorRouter"/>.
/// </summary>
public sealed class CampaignEngine : IHostedService
{
    private const int LoadBatch = 5000;

    private static readonly CampaignRecordState[] OpenStates = [.. Enum.GetValues<CampaignRecordState>().Where(s => !CampaignRecord.IsFinal(s))];

    private readonly ConcurrentDictionary<Guid, CampaignActor> _actors = new();
    private readonly IDbContextFactory<OutdialDbContext> _databases;
    private readonly CampaignDirectory _directory;
    private readonly TenantSettingsStore _tenant;
    private readonly Blacklist _blacklist;
    private readonly EngineRecovery _recovery;
    private readonly ActorServices _services;
    private readonly ILogger<CampaignEngine> _logger;
    private readonly CampaignRules _rules;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    // Settings reach an actor one change at a time, each read anew, so that an older one never lands last.
    private readonly SemaphoreSlim _settings = new(1, 1);

    public CampaignEngine(
        IDbContextFactory<OutdialDbContext> databases,
        CampaignDirectory directory,
        CampaignEvents events,
        TenantSettingsStore tenant,
        OperatorGroups groups,
        Blacklist blacklist,
        EngineRecovery recovery,
        EngineStore store,
        OperatorDesks desks,
        ITelephonyProvider telephony,
        EngineMetrics metrics,
        CampaignRules rules,
        RuleEffects effects,
        Webhooks.WebhookEvents webhooks,
        TimeProvider clock,
        ILogger<CampaignEngine> logger)
    {
        _rules = rules;
        _databases = databases;
        _directory = directory;
        _tenant = tenant;
        _blacklist = blacklist;
        _recovery = recovery;
        _logger = logger;
        _services = new ActorServices(store, desks, telephony, metrics, clock, logger, effects, webhooks);
        events.OnLifecycle(OnLifecycleAsync);
        events.OnSettingsChanged(campaign => ApplySettingsAsync(campaign.Id));
        // Calling hours, time zone and abandon cap from the tenant; wrap-up time from the routing group.
        tenant.Changed += () => _ = ApplySettingsSafelyAsync(_ => true);
        groups.Changed += change => _ = ApplySettingsSafelyAsync(campaign => campaign.RoutingGroupId == change.GroupId);
        events.OnRecordsAdded(OnRecordsAddedAsync);
        events.OnRecordRemoved(OnRecordRemovedAsync);
    }

    /// <summary>Raised when a campaign's actor started (operators may now be routed to it) or ended.</summary>
    public event Func<Guid, Task>? ActorsChanged;

    /// <summary>Completes when the campaigns that were running at start-up are loaded.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    public CampaignActor? ActorOf(Guid campaignId) => _actors.GetValueOrDefault(campaignId);

    public IReadOnlyCollection<CampaignActor> Actors => [.. _actors.Values];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (attempts, records) = await _recovery.RecoverAsync(cancellationToken);
        EngineLog.Reconciled(_logger, attempts, records);

        // Loading large campaigns must not hold up the web server.
        Ready = Task.Run(async () =>
        {
            await using var db = await _databases.CreateDbContextAsync();
            var started = await db.Campaigns.AsNoTracking()
                .Where(c => c.State == CampaignState.Running || c.State == CampaignState.Paused)
                .OrderBy(c => c.StartedAt).ToListAsync();
            foreach (var campaign in started)
            {
                await _lifecycle.WaitAsync();
                try
                {
                    // Read again under the lifecycle lock: a supervisor may have paused or cancelled it meanwhile.
                    await using var again = await _databases.CreateDbContextAsync();
                    var current = await again.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaign.Id);
                    if (current.State is CampaignState.Running or CampaignState.Paused && !_actors.ContainsKey(current.Id))
                    {
                        await StartActorAsync(current);
                    }
                }
                finally
                {
                    _lifecycle.Release();
                }
            }

            if (ActorsChanged is { } changed)
            {
                await changed(Guid.Empty);
            }
        }, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var actor in _actors.Values)
        {
            await actor.DisposeAsync();
        }

        _actors.Clear();
    }

    private async Task OnLifecycleAsync(Campaign campaign)
    {
        await _lifecycle.WaitAsync();
        try
        {
            var actor = _actors.GetValueOrDefault(campaign.Id);
            switch (campaign.State)
            {
                case CampaignState.Running when actor is null:
                    await StartActorAsync(campaign);
                    break;
                case CampaignState.Running:
                    await actor.ResumeAsync();
                    break;
                case CampaignState.Paused when actor is not null:
                    await actor.PauseAsync();
                    break;
                case CampaignState.Finished or CampaignState.Cancelled when actor is not null:
                    await actor.StopAsync();
                    _ = RemoveWhenStoppedAsync(actor);
                    break;
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        if (ActorsChanged is { } changed)
        {
            await changed(campaign.Id);
        }
    }

    private async Task RemoveWhenStoppedAsync(CampaignActor actor)
    {
        await actor.Stopped;
        _actors.TryRemove(new KeyValuePair<Guid, CampaignActor>(actor.CampaignId, actor));
        if (ActorsChanged is { } changed)
        {
            await changed(actor.CampaignId);
        }
    }

    /// <summary>Creates and loads the campaign's actor; call with the lifecycle lock held.</summary>
    private async Task StartActorAsync(Campaign campaign)
    {
        CampaignActor? actor = null;
        try
        {
            var (settings, acwSeconds, pacing) = await DialerSettingsAsync(campaign);
            var index = await _blacklist.IndexAsync();
            actor = new CampaignActor(
                campaign, settings, pacing, new IndexBlacklist(index, _services.Clock),
                acwSeconds, _services, GoalReachedAsync);
            if (campaign.State == CampaignState.Paused)
            {
                // Before its records arrive, so nothing is dialled in between.
                await actor.PauseAsync();
            }

            await actor.SeedLedgerAsync(await AnswerHistoryAsync(campaign.Id));
            var count = await LoadRecordsAsync(actor, campaign.Id, null);
            await actor.LoadedAsync();
            _actors[campaign.Id] = actor;
            EngineLog.CampaignLoaded(_logger, campaign.Id, count);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            EngineLog.CampaignNotLoaded(_logger, campaign.Id, exception);
            if (actor is not null)
            {
                await actor.DisposeAsync();
            }

            return;
        }

        // A change of the tenant's or the group's settings made while the records loaded did not see this actor yet.
        await ApplySettingsSafelyAsync(c => c.Id == campaign.Id);
    }

    /// <summary>Loads the campaign's open records (all, or those with the given ids) into its actor, in batches.</summary>
    private async Task<int> LoadRecordsAsync(CampaignActor actor, Guid campaignId, IReadOnlyList<Guid>? only)
    {
        await using var db = await _databases.CreateDbContextAsync();
        // States are stored as text, so "not final" is a list, never an order comparison.
        var query = db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId && OpenStates.Contains(r.State));
        if (only is not null)
        {
            query = query.Where(r => only.Contains(r.Id));
        }

        // What the rules need to know about each contact, evaluated in the database once per load.
        var rules = CampaignRules.Of(actor.Campaign.Settings);
        var facts = await _rules.ContactFactsAsync(campaignId, rules, only);
        var phones = await _rules.OtherPhonesAsync(campaignId, rules, only);
        var rows = query.OrderBy(r => r.Order)
            .GroupJoin(db.Contacts, r => r.ContactId, c => c.Id, (r, contacts) => new { r, contacts })
            .SelectMany(x => x.contacts.DefaultIfEmpty(), (x, c) => new LoadedRecord(
                x.r.Id, x.r.ContactId, x.r.Order, x.r.Phone, c == null ? null : c.TimeZone, x.r.Attempts, x.r.NextAttemptAt, x.r.CallbackAt, x.r.LockedOutUntil, x.r.ReservedOperatorId))
            .AsAsyncEnumerable();
        var batch = new List<LoadedRecord>(LoadBatch);
        var count = 0;
        await foreach (var row in rows)
        {
            batch.Add(row with
            {
                TimeZoneId = string.IsNullOrEmpty(row.TimeZoneId) ? null : row.TimeZoneId,
                ContactFacts = facts.GetValueOrDefault(row.Id),
                Phones = phones.GetValueOrDefault(row.Id),
            });
            if (batch.Count == LoadBatch)
            {
                await actor.AddRecordsAsync(batch);
                count += batch.Count;
                batch = new List<LoadedRecord>(LoadBatch);
            }
        }

        await actor.AddRecordsAsync(batch);
        return count + batch.Count;
    }

    /// <summary>Live answers (and whether they were abandoned) of the last 30 days, for the rolling abandon rates.</summary>
    private async Task<IReadOnlyList<(DateTimeOffset, bool)>> AnswerHistoryAsync(Guid campaignId)
    {
        var since = _services.Clock.GetUtcNow().AddDays(-30);
        await using var db = await _databases.CreateDbContextAsync();
        var answers = await db.CampaignAttempts.AsNoTracking()
            .Where(a => a.CampaignId == campaignId && a.AnsweredAt != null && a.DialResult != nameof(DialResult.AnsweringMachine))
            .Select(a => new { a.AnsweredAt, a.DialResult }).ToListAsync();
        return [.. answers.Where(a => a.AnsweredAt >= since).Select(a => (a.AnsweredAt!.Value, a.DialResult is nameof(DialResult.Abandoned) or nameof(DialResult.CancelledByClient)))];
    }

    /// <summary>What the campaign's actor runs with: the core's settings, the group's wrap-up time and the pacing, read with the tenant's settings once.</summary>
    private async Task<(Dialing.CampaignSettings Settings, int AcwSeconds, CampaignPacing Pacing)> DialerSettingsAsync(Campaign campaign)
    {
        var tenant = await _tenant.GetAsync();
        await using var db = await _databases.CreateDbContextAsync();
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.Enabled).ToDictionaryAsync(n => n.Id, n => n.E164);
        var acw = await db.OperatorGroups.AsNoTracking().Where(g => g.Id == campaign.RoutingGroupId).Select(g => (int?)g.DefaultAcwSeconds).SingleOrDefaultAsync() ?? 10;
        var settings = DialerSettingsMap.ToDialer(campaign.Settings, tenant, numbers, campaign.Id.GetHashCode()) with { ChannelLimit = _services.Telephony.ChannelLimit };
        return (settings, acw, DialerSettingsMap.PacingOf(campaign.Settings, tenant));
    }

    private async Task GoalReachedAsync(Guid campaignId)
    {
        try
        {
            // Every record's final state is stored before the campaign says it is finished.
            await _services.Store.FlushAsync();
            await _directory.ApplyAsync(campaignId, CampaignAction.Finish);
        }
        catch (ConflictProblem)
        {
            // Cancelled or already finished meanwhile.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            EngineLog.NotFinished(_logger, campaignId, exception);
        }
    }

    /// <summary>Gives the campaign's actor (if it runs) the campaign's settings as stored now, with the tenant's and its group's.</summary>
    private async Task ApplySettingsAsync(Guid campaignId)
    {
        var routingChanged = false;
        await _settings.WaitAsync();
        try
        {
            await using var db = await _databases.CreateDbContextAsync();
            if (ActorOf(campaignId) is not { } actor || await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId) is not { } campaign)
            {
                return;
            }

            var before = actor.Campaign;
            var (settings, acw, pacing) = await DialerSettingsAsync(campaign);
            await actor.ChangeSettingsAsync(campaign, settings, acw, pacing);
            routingChanged = campaign.RoutingGroupId != before.RoutingGroupId;
            if (campaign.Settings.Rules != before.Settings.Rules)
            {
                // New contact conditions or phone labels: what the rules know of each contact, anew.
                var rules = CampaignRules.Of(campaign.Settings);
                await actor.RefreshContactFactsAsync(await _rules.ContactFactsAsync(campaign.Id, rules, null), await _rules.OtherPhonesAsync(campaign.Id, rules, null));
            }
        }
        finally
        {
            _settings.Release();
            if (routingChanged && ActorsChanged is { } changed)
            {
                // Operators of the old group move on; Online operators of the new one may join (even when a later step failed).
                await changed(campaignId);
            }
        }
    }

    /// <summary>Applies the settings again to the running campaigns chosen, after a change made outside them.</summary>
    private async Task ApplySettingsSafelyAsync(Func<Campaign, bool> affected)
    {
        foreach (var actor in _actors.Values.Where(a => affected(a.Campaign)))
        {
            try
            {
                await ApplySettingsAsync(actor.CampaignId);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                EngineLog.SettingsNotApplied(_logger, actor.CampaignId, exception);
            }
        }
    }

    private async Task OnRecordsAddedAsync(Guid campaignId, IReadOnlyList<Guid> recordIds)
    {
        if (ActorOf(campaignId) is { } actor)
        {
            await LoadRecordsAsync(actor, campaignId, recordIds);
        }
    }

    private async Task OnRecordRemovedAsync(Guid campaignId, Guid recordId)
    {
        if (ActorOf(campaignId) is { } actor)
        {
            await actor.RemoveRecordAsync(recordId);
        }
    }

    /// <summary>The tenant's blacklist index (kept current by <see cref="Blacklist"/>) as the dialer asks it.</summary>
    private sealed class IndexBlacklist(BlacklistIndex index, TimeProvider clock) : IBlacklist
    {
        public bool Contains(E164Number number) => index.Blocking(number.E164, clock.GetUtcNow()) is not null;
    }
}
