using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;

namespace Outdial.Settings;

/// <summary>Reads and changes the tenant's settings, and builds the rules contacts are checked against.</summary>
public sealed class TenantSettingsStore(IDbContextFactory<OutdialDbContext> databases)
{
    public async Task<TenantSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, cancellationToken);
    }

    /// <summary>Raised after the settings change, e.g. so that the menu shows or hides Campaigns at once.</summary>
    public event Action? Changed;

    public async Task<TenantSettings> ChangeAsync(string defaultRegion, string defaultTimeZone, CallingHours callingHours, double abandonRateCap, bool campaignsEnabled, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var settings = await db.TenantSettings.SingleAsync(cancellationToken);
        settings.Change(defaultRegion, defaultTimeZone);
        settings.ChangeDialling(callingHours, abandonRateCap, campaignsEnabled);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return settings;
    }

    /// <summary>The default region and time zone, and every custom field, as one snapshot.</summary>
    public static async Task<DirectoryRules> DirectoryRulesAsync(OutdialDbContext db, CancellationToken cancellationToken)
    {
        var settings = await GetAsync(db, cancellationToken);
        var fields = await db.ContactFields.AsNoTracking().ToDictionaryAsync(f => f.Key, cancellationToken);
        return new DirectoryRules(settings.DefaultRegion, settings.DefaultTimeZone, fields);
    }

    private static async Task<TenantSettings> GetAsync(OutdialDbContext db, CancellationToken cancellationToken) =>
        await db.TenantSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new TenantSettings();
}
