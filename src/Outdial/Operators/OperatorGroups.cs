using Microsoft.EntityFrameworkCore;
using Outdial.Identity;
using Outdial.Persistence;

namespace Outdial.Operators;

/// <summary>Operator groups (routing targets of campaigns) and break types.</summary>
public sealed class OperatorGroups(IDbContextFactory<OutdialDbContext> databases)
{
    /// <summary>
    /// A group was created or changed: the engine routes the Online users who joined or left it
    /// and gives its running campaigns the group's new wrap-up time.
    /// </summary>
    public event Action<OperatorGroupChange>? Changed;

    public async Task<IReadOnlyList<OperatorGroup>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var groups = await db.OperatorGroups.AsNoTracking().ToListAsync(cancellationToken);
        return [.. groups.OrderBy(g => g.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<OperatorGroup> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.OperatorGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, cancellationToken) ?? throw GroupNotFound(id);
    }

    public async Task<OperatorGroup> CreateAsync(string name, int defaultAcwSeconds, CallDistribution distribution, IReadOnlyList<Guid> memberIds, CancellationToken cancellationToken = default)
    {
        var group = new OperatorGroup(name, defaultAcwSeconds, distribution);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureNameFreeAsync(db, group.Name, group.Id, cancellationToken);
        group.SetMembers(await CheckMembersAsync(db, memberIds, cancellationToken));
        db.OperatorGroups.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke(new OperatorGroupChange(group.Id, [.. group.MemberIds], []));
        return group;
    }

    public async Task<OperatorGroup> UpdateAsync(Guid id, string name, int defaultAcwSeconds, CallDistribution distribution, IReadOnlyList<Guid> memberIds, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var group = await db.OperatorGroups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken) ?? throw GroupNotFound(id);
        group.Change(name, defaultAcwSeconds, distribution);
        await EnsureNameFreeAsync(db, group.Name, id, cancellationToken);
        var before = group.MemberIds.ToHashSet();
        group.SetMembers(await CheckMembersAsync(db, memberIds, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        var after = group.MemberIds.ToHashSet();
        Changed?.Invoke(new OperatorGroupChange(id, [.. after.Except(before)], [.. before.Except(after)]));
        return group;
    }

    /// <summary>Deletes a group; refused with 409 naming the campaigns (not finished or cancelled) that route to it.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var users = await db.Campaigns.Where(c => c.RoutingGroupId == id && c.State != Campaigns.CampaignState.Finished && c.State != Campaigns.CampaignState.Cancelled)
            .Select(c => c.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            throw new ConflictProblem($"The group takes the calls of {string.Join(", ", users.Select(n => $"'{n}'"))}. Route those campaigns to another group, or cancel them, first.");
        }

        if (await db.OperatorGroups.Where(g => g.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw GroupNotFound(id);
        }
    }

    public async Task<IReadOnlyList<BreakType>> ListBreakTypesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var types = await db.BreakTypes.AsNoTracking().ToListAsync(cancellationToken);
        return [.. types.OrderBy(b => b.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<BreakType> CreateBreakTypeAsync(string name, bool isPaid, CancellationToken cancellationToken = default)
    {
        var trimmed = CheckBreakName(name);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.BreakTypes.AnyAsync(b => b.Name == trimmed, cancellationToken))
        {
            throw new ConflictProblem($"A break type named '{trimmed}' already exists.");
        }

        var type = new BreakType(trimmed, isPaid);
        db.BreakTypes.Add(type);
        await db.SaveChangesAsync(cancellationToken);
        return type;
    }

    public async Task DeleteBreakTypeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.OperatorStatuses.AnyAsync(s => s.BreakTypeId == id && s.State == OperatorState.Break, cancellationToken))
        {
            throw new ConflictProblem("An operator is on this break right now. Delete the break type when nobody uses it.");
        }

        if (await db.BreakTypes.Where(b => b.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new NotFoundProblem($"No break type has the id {id}.");
        }
    }

    private static string CheckBreakName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= 100 ? trimmed : throw new InvalidInputProblem("name", "Name the break type in 1 to 100 characters, e.g. Lunch.");
    }

    private static async Task EnsureNameFreeAsync(OutdialDbContext db, string name, Guid id, CancellationToken cancellationToken)
    {
        if (await db.OperatorGroups.AnyAsync(g => g.Name == name && g.Id != id, cancellationToken))
        {
            throw new ConflictProblem($"A group named '{name}' already exists. Choose another name.");
        }
    }

    /// <summary>Members must be active users with the Operator permission.</summary>
    private static async Task<List<Guid>> CheckMembersAsync(OutdialDbContext db, IReadOnlyList<Guid> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Include(u => u.Roles).Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        for (var i = 0; i < ids.Count; i++)
        {
            var user = users.FirstOrDefault(u => u.Id == ids[i]);
            if (user is null || !user.Permissions.Contains(Permission.Operator))
            {
                throw new InvalidInputProblem($"memberIds[{i}]", $"{(user is null ? $"No user has the id {ids[i]}" : $"{user.Name} is not an active operator")}; members need the Operator permission.");
            }
        }

        return ids;
    }

    private static NotFoundProblem GroupNotFound(Guid id) => new($"No operator group has the id {id}. List the groups with GET /api/v1/operator-groups.");
}

/// <summary>What changed in an operator group: the users who joined it and those who left it.</summary>
public sealed record OperatorGroupChange(Guid GroupId, IReadOnlyCollection<Guid> Joined, IReadOnlyCollection<Guid> Left);
