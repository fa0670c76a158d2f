using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Outdial.Persistence;

public static class DatabaseMigrator
{
    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task MigrateAsync(OutdialDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the UI read while the dialer writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
