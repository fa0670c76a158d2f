using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Outdial.Persistence;

// Used only by `dotnet ef migrations add`; see docs/development.md.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOutdialDbContext>
{
    public SqliteOutdialDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOutdialDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlOutdialDbContext>
{
    public PostgreSqlOutdialDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlOutdialDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
