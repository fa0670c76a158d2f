using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Numbers;

/// <summary>The tenant's own numbers, used as caller IDs.</summary>
public sealed class CallerIds(IDbContextFactory<OutdialDbContext> databases, TenantSettingsStore settings)
{
    public async Task<IReadOnlyList<CallerIdNumber>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var numbers = await db.PhoneNumbers.AsNoTracking().ToListAsync(cancellationToken);
        return [.. numbers.OrderByDescending(n => n.Suggested).ThenBy(n => n.E164, StringComparer.Ordinal)];
    }

    public async Task<CallerIdNumber> CreateAsync(string number, string label, bool enabled, bool suggested, CancellationToken cancellationToken = default)
    {
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        var entry = new CallerIdNumber(number, label, enabled, suggested, region);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await EnsureFreeAsync(db, entry.E164, entry.Id, cancellationToken);
        db.PhoneNumbers.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public async Task<CallerIdNumber> UpdateAsync(Guid id, string number, string label, bool enabled, bool suggested, CancellationToken cancellationToken = default)
    {
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entry = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == id, cancellationToken) ?? throw NumberNotFound(id);
        entry.Change(number, label, enabled, suggested, region);
        await EnsureFreeAsync(db, entry.E164, id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.PhoneNumbers.Where(n => n.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw NumberNotFound(id);
        }
    }

    private static async Task EnsureFreeAsync(OutdialDbContext db, string e164, Guid id, CancellationToken cancellationToken)
    {
        if (await db.PhoneNumbers.AnyAsync(n => n.E164 == e164 && n.Id != id, cancellationToken))
        {
            throw new ConflictProblem($"{e164} is already one of your numbers. Edit that entry instead.");
        }
    }

    private static NotFoundProblem NumberNotFound(Guid id) => new($"No phone number has the id {id}. List them with GET /api/v1/phone-numbers.");
}
