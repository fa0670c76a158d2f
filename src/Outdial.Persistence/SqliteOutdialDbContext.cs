using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Outdial.Persistence;

public sealed class SqliteOutdialDbContext(DbContextOptions<SqliteOutdialDbContext> options) : OutdialDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; EF stores DateTimeOffset as text that cannot be compared or
        // ordered in SQL. All times are UTC, so ticks in an integer column sort correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
