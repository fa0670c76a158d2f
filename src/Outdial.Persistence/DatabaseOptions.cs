namespace Outdial.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, one file in the data folder) or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Optional for SQLite (defaults to <c>outdial.db</c> in the data
    /// folder); required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite only: <c>Normal</c> (default) keeps every commit through a process crash; <c>Full</c>
    /// also through a power loss, with a disk sync per commit.
    /// </summary>
    public SqliteDurability SqliteSynchronous { get; set; } = SqliteDurability.Normal;
}

/// <summary>How hard SQLite works to keep a commit (its <c>synchronous</c> pragma in WAL mode).</summary>
public enum SqliteDurability
{
    Normal,
    Full,
}
