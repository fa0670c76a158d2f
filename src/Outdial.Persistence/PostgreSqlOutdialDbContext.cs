using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;

namespace Outdial.Persistence;

public sealed class PostgreSqlOutdialDbContext(DbContextOptions<PostgreSqlOutdialDbContext> options) : OutdialDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Search columns compare by code point, as SQLite's BINARY collation does: filters give the
        // same answers on both databases whatever the cluster's locale, and prefix searches run as
        // index range scans.
        foreach (var column in new[] { nameof(Contact.FirstNameSearch), nameof(Contact.LastNameSearch), nameof(Contact.DisplayNameSearch), nameof(Contact.CompanySearch), nameof(Contact.ExternalIdSearch) })
        {
            modelBuilder.Entity<Contact>().Property(column).UseCollation("C");
        }

        modelBuilder.Entity<Contact>().Property(c => c.TimeZone).UseCollation("C");
        modelBuilder.Entity<ContactEmail>().Property(e => e.Normalized).UseCollation("C");
        modelBuilder.Entity<ContactPhone>().Property(p => p.E164).UseCollation("C");
        modelBuilder.Entity<ContactFieldValue>().Property(v => v.TextSearch).UseCollation("C");
    }
}
