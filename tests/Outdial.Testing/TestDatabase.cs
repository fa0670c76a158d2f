using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Testing;

/// <summary>A fresh, empty database of one provider, for one test or one test class.</summary>
public sealed class TestDatabase
{
    private TestDatabase(DatabaseProvider provider, string connectionString, string dataFolder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataFolder = dataFolder;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The Outdial data folder that goes with this database.</summary>
    public string DataFolder { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, PostgresServer postgres)
    {
        var folder = Directory.CreateTempSubdirectory("outdial-test-").FullName;
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => DatabaseServiceCollectionExtensions.SqliteConnectionString(null, folder),
            DatabaseProvider.PostgreSql => await postgres.CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        return new TestDatabase(provider, connectionString, folder);
    }

    /// <summary>Removes the data folder (the SQLite file, keys); a PostgreSQL database goes with its cluster.</summary>
    public void DeleteFiles()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temporary folder is harmless.
        }
    }

    public OutdialDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteOutdialDbContext(new DbContextOptionsBuilder<SqliteOutdialDbContext>().UseSqlite(ConnectionString).Options),
        _ => new PostgreSqlOutdialDbContext(new DbContextOptionsBuilder<PostgreSqlOutdialDbContext>().UseNpgsql(ConnectionString).Options),
    };

    public async Task<OutdialDbContext> CreateMigratedContextAsync()
    {
        var db = CreateContext();
        await DatabaseMigrator.MigrateAsync(db);
        return db;
    }

    /// <summary>Configuration keys that point an Outdial host at this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Data:Folder"] = DataFolder,
        ["Database:Provider"] = Provider.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };
}
