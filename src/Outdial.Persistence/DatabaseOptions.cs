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
}
