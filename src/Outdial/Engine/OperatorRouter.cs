using Microsoft.EntityFrameworkCore;
using Outdial.Dialing;
using Outdial.Operators;
using Outdial.Persistence;

namespace Outdial.Engine;

/// <summary>
/// Decides which campaign each operator works and keeps their stored state in step with their
/// desk. An operator works one campaign at a time: of the running campaigns whose routing group
/// has them, the one started first. They move on when that campaign pauses or ends, or they are
/// no longer in its routing group, as soon as they hold no session there (docs/engine.md).
/// </summary>
public sealed class OperatorRouter : IHostedService
{
    private readonly CampaignEngine _engine;
    private readonly OperatorStates _states;
    private readonly OperatorDesks _desks;
    private readonly IDbContextFactory<OutdialDbContext> _databases;
    private readonly ILogger<OperatorRouter> _logger;
    private readonly Dictionary<Guid, Guid> _assignments = [];

    // What each operator last chose (Online, break or Offline), by user id.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, OperatorPresence> _chosen = new();

    // Operators who should leave their campaign but still hold a session there: routed again when it ends.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _leaving = new();
    private readonly SemaphoreSlim _routing = new(1, 1);

    private readonly EngineStore _store;
    private readonly OperatorGroups _groups;

    public OperatorRouter(CampaignEngine engine, OperatorStates states, OperatorDesks desks, EngineStore store, OperatorGroups groups, IDbContextFactory<OutdialDbContext> databases, ILogger<OperatorRouter> logger)
    {
        _store = store;
        _groups = groups;
        _engine = engine;
        _states = states;
        _desks = desks;
        _databases = databases;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _states.ResetAfterRestartAsync(cancellationToken);
        _states.PresenceChosen += OnPresenceChosen;
        _desks.Changed += OnDeskChanged;
        _engine.ActorsChanged += OnActorsChangedAsync;
        _groups.Changed += OnGroupChanged;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _states.PresenceChosen -= OnPresenceChosen;
        _desks.Changed -= OnDeskChanged;
        _engine.ActorsChanged -= OnActorsChangedAsync;
        _groups.Changed -= OnGroupChanged;
        return Task.CompletedTask;
    }

    /// <summary>Online operators added to a group may now have a campaign to work; those taken out of it may have to move.</summary>
    private void OnGroupChanged(OperatorGroupChange change)
    {
        foreach (var userId in change.Joined.Concat(change.Left))
        {
            if (_chosen.TryGetValue(userId, out var presence) && presence == OperatorPresence.Online)
            {
                _ = RouteSafelyAsync(userId);
            }
        }
    }

    /// <summary>The campaign the operator works now, if any.</summary>
    private Guid? CampaignOf(Guid userId)
    {
        lock (_assignments)
        {
            return _assignments.TryGetValue(userId, out var campaign) ? campaign : null;
        }
    }

    private void OnPresenceChosen(Guid userId, OperatorState state)
    {
        _chosen[userId] = state switch
        {
            OperatorState.Offline => OperatorPresence.Offline,
            OperatorState.Break => OperatorPresence.OnBreak,
            _ => OperatorPresence.Online,
        };
        _ = RouteSafelyAsync(userId);
    }

    private async Task RouteSafelyAsync(Guid userId)
    {
        try
        {
            await RouteAsync(userId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            EngineLog.RoutingFailed(_logger, userId, exception);
        }
    }

    /// <summary>
    /// Tells the operator's campaign the presence they chose last (read now, so a late route never
    /// undoes a newer choice), choosing a campaign when they are Online without a running one.
    /// </summary>
    private async Task RouteAsync(Guid userId)
    {
        await _routing.WaitAsync();
        try
        {
            var presence = _chosen.GetValueOrDefault(userId, OperatorPresence.Offline);
            var current = CampaignOf(userId) is { } assigned ? _engine.ActorOf(assigned) : null;
            if (current is not null && (presence != OperatorPresence.Online || IsRunning(current) && await RoutesToAsync(current, userId)))
            {
                _leaving.TryRemove(userId, out _);
                await current.SetPresenceAsync(userId, presence);
                return;
            }

            if (presence != OperatorPresence.Online)
            {
                return;
            }

            if (current is not null)
            {
                // Leaves the paused or ending campaign, or the one whose group they left, only when holding
                // nothing there (checked and done in one step); otherwise once the session ends.
                // Marked first: the session may end while they are asked to leave.
                _leaving[userId] = true;
                var left = IsRunning(current) ? await current.LeaveAfterSessionAsync(userId) : await current.TryLeaveAsync(userId);
                if (!left)
                {
                    return;
                }

                _leaving.TryRemove(userId, out _);
                Assign(userId, null);

                // A session taken back, or a call that failed, left the desk Idle without passing
                // through Waiting: the stored state would stay "before call" or "on call".
                _store.FollowOperator(userId, OperatorState.Online);
            }

            if (await ChooseCampaignAsync(userId) is { } next)
            {
                Assign(userId, next.CampaignId);
                await next.SetPresenceAsync(userId, OperatorPresence.Online);
            }
        }
        finally
        {
            _routing.Release();
        }
    }

    private bool IsRunning(CampaignActor actor) => _engine.ActorOf(actor.CampaignId) == actor && !actor.IsPausedOrStopping;

    /// <summary>Whether the campaign's routing group (as the campaign has it now) has the operator.</summary>
    private async Task<bool> RoutesToAsync(CampaignActor actor, Guid userId)
    {
        if (actor.Campaign.RoutingGroupId is not { } groupId)
        {
            return false;
        }

        await using var db = await _databases.CreateDbContextAsync();
        var members = await db.OperatorGroups.AsNoTracking().Where(g => g.Id == groupId).Select(g => g.MemberIds).SingleOrDefaultAsync();
        return members?.Contains(userId) == true;
    }

    private void Assign(Guid userId, Guid? campaignId)
    {
        lock (_assignments)
        {
            if (campaignId is { } id)
            {
                _assignments[userId] = id;
            }
            else
            {
                _assignments.Remove(userId);
            }
        }
    }

    private async Task<CampaignActor?> ChooseCampaignAsync(Guid userId)
    {
        var running = _engine.Actors.Where(IsRunning).ToList();
        if (running.Count == 0)
        {
            return null;
        }

        await using var db = await _databases.CreateDbContextAsync();
        var groupIds = running.Select(a => a.Campaign.RoutingGroupId).OfType<Guid>().ToList();
        var groups = await db.OperatorGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToListAsync();
        var mine = groups.Where(g => g.MemberIds.Contains(userId)).Select(g => g.Id).ToHashSet();
        return running.Where(a => a.Campaign.RoutingGroupId is { } g && mine.Contains(g))
            .OrderBy(a => a.Campaign.StartedAt).FirstOrDefault();
    }

    /// <summary>A campaign started, paused, resumed or ended: Online operators may move.</summary>
    private async Task OnActorsChangedAsync(Guid campaignId)
    {
        foreach (var (userId, presence) in _chosen)
        {
            if (presence == OperatorPresence.Online)
            {
                await RouteSafelyAsync(userId);
            }
        }
    }

    private void OnDeskChanged(Guid userId)
    {
        var desk = _desks.Of(userId);
        OperatorState? state = desk.Stage switch
        {
            DeskStage.Idle => null,
            DeskStage.Bcw => OperatorState.Bcw,
            DeskStage.Dialling or DeskStage.Ringing or DeskStage.Connected => OperatorState.OnCall,
            DeskStage.WrapUp => OperatorState.Acw,
            _ => OperatorState.Online,
        };
        if (state is { } working)
        {
            _store.FollowOperator(userId, working);
        }

        if (desk.Stage is DeskStage.Waiting or DeskStage.Idle && _leaving.ContainsKey(userId))
        {
            // The session that held them in a paused campaign, or one whose group they left, has ended: look for another.
            _ = RouteSafelyAsync(userId);
        }
    }
}
