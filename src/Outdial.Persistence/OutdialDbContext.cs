using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Contacts.Filters;
using Outdial.Identity;
using Outdial.Numbers;
using Outdial.Operators;
using Outdial.Scripts;
using Outdial.Sessions;
using Outdial.Settings;
using Outdial.Webhooks;

namespace Outdial.Persistence;

/// <summary>
/// The one model of Outdial's data. Each database provider has a subclass (and its own
/// migrations), because SQLite and PostgreSQL need different column types for the same model.
/// </summary>
public abstract class OutdialDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<TenantSettings> TenantSettings => Set<TenantSettings>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactPhone> ContactPhones => Set<ContactPhone>();

    public DbSet<ContactEmail> ContactEmails => Set<ContactEmail>();

    public DbSet<ContactField> ContactFields => Set<ContactField>();

    public DbSet<ContactFieldValue> ContactFieldValues => Set<ContactFieldValue>();

    public DbSet<SavedFilter> ContactFilters => Set<SavedFilter>();

    public DbSet<ContactEvent> ContactEvents => Set<ContactEvent>();

    public DbSet<ContactImportJob> ContactImports => Set<ContactImportJob>();

    /// <summary>Phones, e-mails and custom values, for contact filters.</summary>
    public ContactRows ContactRows => new(ContactPhones.AsNoTracking(), ContactEmails.AsNoTracking(), ContactFieldValues.AsNoTracking());

    public DbSet<OperatorStatus> OperatorStatuses => Set<OperatorStatus>();

    public DbSet<OperatorStateChange> OperatorStateChanges => Set<OperatorStateChange>();

    public DbSet<BreakType> BreakTypes => Set<BreakType>();

    public DbSet<OperatorGroup> OperatorGroups => Set<OperatorGroup>();

    public DbSet<CallerIdNumber> PhoneNumbers => Set<CallerIdNumber>();

    public DbSet<BlacklistEntry> Blacklist => Set<BlacklistEntry>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignRecord> CampaignRecords => Set<CampaignRecord>();

    public DbSet<CampaignAttempt> CampaignAttempts => Set<CampaignAttempt>();

    public DbSet<CallScript> CallScripts => Set<CallScript>();

    public DbSet<CallScriptVersion> CallScriptVersions => Set<CallScriptVersion>();

    public DbSet<SessionParameter> SessionParameters => Set<SessionParameter>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>
    /// Domain objects choose their own ids (Guid.NewGuid in the constructor). Telling EF so makes a
    /// new child added to a tracked parent (a phone added to a contact) an insert, not an update
    /// of a row that does not exist.
    /// </summary>
    private static void IdsComeFromTheDomain(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.FindPrimaryKey() is { Properties: [{ ClrType: var type } key] } && type == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OutdialDbContext).Assembly);
        IdsComeFromTheDomain(modelBuilder);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
