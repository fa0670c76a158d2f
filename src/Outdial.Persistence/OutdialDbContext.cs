using Microsoft.EntityFrameworkCore;
using Outdial.Identity;

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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OutdialDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
