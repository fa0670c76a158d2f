using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts.Filters;
using Outdial.Persistence;

namespace Outdial.Contacts;

/// <summary>Named filters over the contact directory.</summary>
public sealed class SavedFilters(IDbContextFactory<OutdialDbContext> databases, ContactDirectory directory, TimeProvider clock)
{
    public async Task<IReadOnlyList<SavedFilter>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var filters = await db.ContactFilters.AsNoTracking().ToListAsync(cancellationToken);
        return [.. filters.OrderBy(f => f.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<SavedFilter> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ContactFilters.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken) ?? throw FilterNotFound(id);
    }

    public async Task<SavedFilter> CreateAsync(string name, JsonElement definition, CancellationToken cancellationToken = default)
    {
        var checkedName = CheckName(name);
        await directory.ParseFilterAsync(definition, "definition", cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureNameFreeAsync(db, checkedName, null, cancellationToken);
        var filter = new SavedFilter(checkedName, definition.GetRawText(), clock.GetUtcNow());
        db.ContactFilters.Add(filter);
        await db.SaveChangesAsync(cancellationToken);
        return filter;
    }

    public async Task<SavedFilter> UpdateAsync(Guid id, string name, JsonElement definition, CancellationToken cancellationToken = default)
    {
        var checkedName = CheckName(name);
        await directory.ParseFilterAsync(definition, "definition", cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var filter = await db.ContactFilters.SingleOrDefaultAsync(f => f.Id == id, cancellationToken) ?? throw FilterNotFound(id);
        await EnsureNameFreeAsync(db, checkedName, id, cancellationToken);
        filter.Change(checkedName, definition.GetRawText(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return filter;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.ContactFilters.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw FilterNotFound(id);
        }
    }

    /// <summary>
    /// The saved filter as a tree. A filter that names a custom field deleted since it was saved
    /// is a conflict that says which field to fix.
    /// </summary>
    public async Task<FilterNode> ResolveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var filter = await GetAsync(id, cancellationToken);
        using var json = JsonDocument.Parse(filter.Definition);
        try
        {
            return await directory.ParseFilterAsync(json.RootElement, "definition", cancellationToken);
        }
        catch (InvalidInputProblem problem)
        {
            throw new ConflictProblem($"The filter '{filter.Name}' no longer fits the contact directory: {problem.Message} Edit the filter to fix it.");
        }
    }

    public async Task<int> CountAsync(Guid id, CancellationToken cancellationToken = default) =>
        await directory.CountAsync(await ResolveAsync(id, cancellationToken), cancellationToken);

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= SavedFilter.MaxNameLength
            ? trimmed
            : throw new InvalidInputProblem("name", $"Name the filter in 1 to {SavedFilter.MaxNameLength} characters.");
    }

    private static async Task EnsureNameFreeAsync(OutdialDbContext db, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        if (await db.ContactFilters.AnyAsync(f => f.Name == name && f.Id != exceptId, cancellationToken))
        {
            throw new ConflictProblem($"A filter named '{name}' already exists. Choose another name or edit that filter.");
        }
    }

    private static NotFoundProblem FilterNotFound(Guid id) => new($"No saved filter has the id {id}. List the filters with GET /api/v1/contact-filters.");
}
