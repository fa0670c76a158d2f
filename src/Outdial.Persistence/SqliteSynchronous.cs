using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Outdial.Persistence;

/// <summary>
/// Sets SQLite's <c>synchronous</c> level on every connection the contexts open. In WAL mode
/// <c>NORMAL</c> (the default here) never corrupts the file and keeps every committed transaction
/// through a crash of the process (<c>kill -9</c>); only a power loss or an operating-system crash
/// can lose the last moments. <c>FULL</c> syncs every commit to disk, at a large cost in latency
/// (docs/benchmarks.md, engine capacity).
/// </summary>
internal sealed class SqliteSynchronous(string level) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={level};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={level};";
        command.ExecuteNonQuery();
    }
}
