using Microsoft.EntityFrameworkCore;
using Outdial.Identity;
using Outdial.Persistence;

namespace Outdial.Operators;

/// <summary>An operator as supervisors see them: who, current state, since when, the break reason.</summary>
public sealed record OperatorView(Guid UserId, string Name, string Email, OperatorState State, DateTimeOffset Since, string? BreakReason, IReadOnlyList<string> Groups);

/// <summary>
/// Operators' states: every change goes through <see cref="OperatorStateMachine"/> and is stored
/// with its time. Screens that show states live subscribe to <see cref="Changed"/>.
/// </summary>
public sealed class OperatorStates(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    /// <summary>Raised after a change is stored, with the operator's user id.</summary>
    public event Action<Guid>? Changed;

    /// <summary>Raised after the operator (or Outdial, e.g. after a disconnect) chose Online, Break or Offline; not for the dialer's own changes.</summary>
    public event Action<Guid, OperatorState>? PresenceChosen;

    public async Task<IReadOnlyList<OperatorView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Include(u => u.Roles).Where(u => u.IsActive).ToListAsync(cancellationToken);
        var operators = users.Where(u => u.Permissions.Contains(Permission.Operator)).ToList();
        var statuses = await db.OperatorStatuses.AsNoTracking().ToDictionaryAsync(s => s.UserId, cancellationToken);
        var breakTypes = await db.BreakTypes.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var groups = await db.OperatorGroups.AsNoTracking().ToListAsync(cancellationToken);
        return
        [
            .. operators.OrderBy(u => u.Name).Select(u =>
            {
                var status = statuses.GetValueOrDefault(u.Id) ?? new OperatorStatus(u.Id, u.CreatedAt);
                return new OperatorView(u.Id, u.Name, u.Email, status.State, status.Since,
                    status.BreakTypeId is { } breakId ? breakTypes.GetValueOrDefault(breakId) : null,
                    [.. groups.Where(g => g.MemberIds.Contains(u.Id)).Select(g => g.Name).Order()]);
            }),
        ];
    }

    public async Task<OperatorStatus> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.OperatorStatuses.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken)
            ?? new OperatorStatus(userId, clock.GetUtcNow());
    }

    /// <summary>
    /// Moves an operator to <paramref name="to"/>; throws <see cref="ConflictProblem"/> when the
    /// change is not allowed from the current state for <paramref name="source"/>.
    /// </summary>
    public async Task<OperatorStatus> ChangeAsync(Guid userId, OperatorState to, StateChangeSource source, Guid? breakTypeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new NotFoundProblem($"No user has the id {userId}.");
        if (!user.Permissions.Contains(Permission.Operator))
        {
            throw new ConflictProblem($"{user.Name} is not an operator. Give them a role with the Operator permission first.");
        }

        if (breakTypeId is { } breakId && !await db.BreakTypes.AnyAsync(b => b.Id == breakId, cancellationToken))
        {
            throw new InvalidInputProblem("breakTypeId", "There is no such break type. List them with GET /api/v1/break-types.");
        }

        var now = clock.GetUtcNow();
        var status = await db.OperatorStatuses.SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (status is null)
        {
            status = new OperatorStatus(userId, now);
            db.OperatorStatuses.Add(status);
        }

        db.OperatorStateChanges.Add(status.Change(to, source, breakTypeId, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another change (the operator's click, the dialer, a disconnect) was stored after this
            // one read the state: this one was decided on an outdated state and is refused.
            var current = await GetAsync(userId, cancellationToken);
            throw new ConflictProblem($"The operator's state changed at the same moment; it is now {current.State.DisplayName()}. Try again if the change is still wanted.");
        }

        Changed?.Invoke(userId);
        if (source != StateChangeSource.Dialer)
        {
            PresenceChosen?.Invoke(userId, to);
        }

        return status;
    }

    /// <summary>
    /// The dialer's view of operators (before call, on call, after call, back online), applied in
    /// the caller's unit of work (the campaign engine's batch): each change is made when the state
    /// machine allows it from the current state and ignored otherwise (e.g. the operator chose a
    /// break during wrap-up, which wins). Returns who changed; tell <see cref="Notify"/> after the commit.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> FollowDialerAsync(OutdialDbContext db, IReadOnlyDictionary<Guid, OperatorState> wanted, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ids = wanted.Keys.ToList();
        var statuses = await db.OperatorStatuses.Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, cancellationToken);
        var changed = new List<Guid>();
        foreach (var (userId, to) in wanted)
        {
            if (statuses.GetValueOrDefault(userId) is { } status && status.State != to && OperatorStateMachine.CanChange(status.State, to, StateChangeSource.Dialer))
            {
                db.OperatorStateChanges.Add(status.Change(to, StateChangeSource.Dialer, null, now));
                changed.Add(userId);
            }
        }

        return changed;
    }

    /// <summary>Tells the screens that follow operators' states about changes stored elsewhere (<see cref="FollowDialerAsync"/>).</summary>
    public void Notify(IEnumerable<Guid> userIds)
    {
        foreach (var userId in userIds)
        {
            Changed?.Invoke(userId);
        }
    }

    /// <summary>
    /// After a restart nobody is connected: operators who were working are Offline until their
    /// browser comes back and they choose Online again. Operators on a break stay on it.
    /// </summary>
    public async Task ResetAfterRestartAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var working = await db.OperatorStatuses.Where(s => s.State != OperatorState.Offline && s.State != OperatorState.Break).ToListAsync(cancellationToken);
        foreach (var status in working)
        {
            db.OperatorStateChanges.Add(status.Restart(now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Page<OperatorStateChange>> HistoryAsync(Guid userId, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureUserAsync(db, userId, cancellationToken);
        var query = db.OperatorStateChanges.AsNoTracking().Where(c => c.UserId == userId);
        // Times are stored in UTC; a query may come with any offset.
        if (from?.ToUniversalTime() is { } start)
        {
            query = query.Where(c => c.At >= start);
        }

        if (to?.ToUniversalTime() is { } end)
        {
            query = query.Where(c => c.At < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.At).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<OperatorStateChange>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Time spent in each state on one UTC day (up to now for today).</summary>
    public async Task<IReadOnlyDictionary<OperatorState, TimeSpan>> DaySummaryAsync(Guid userId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureUserAsync(db, userId, cancellationToken);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(1);
        var now = clock.GetUtcNow();
        var changes = await db.OperatorStateChanges.AsNoTracking()
            .Where(c => c.UserId == userId && c.At > start && c.PreviousSince < end)
            .OrderBy(c => c.At).ToListAsync(cancellationToken);
        var current = await db.OperatorStatuses.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken)
            ?? new OperatorStatus(userId, now);
        return TimeInState.Sum(changes, current, start, end, now < end ? now : end);
    }

    private static async Task EnsureUserAsync(OutdialDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new NotFoundProblem($"No user has the id {userId}. List the operators with GET /api/v1/operators.");
        }
    }
}
