using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;
using Outdial.Hosting;
using Outdial.Identity;
using Outdial.Persistence;

namespace Outdial.Cli;

/// <summary>
/// The server's services without the web server, for command-line tools. The database is
/// migrated first, so a command works on a fresh data folder too.
/// </summary>
internal sealed class OfflineServices(IHost host) : IAsyncDisposable
{
    public static async Task<OfflineServices> StartAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([.. OutdialCommandLine.HostArguments(parsed)]);
        builder.Configuration.AddOutdialSources(builder.Environment.ContentRootPath);
        // Standard output carries the command's result (e.g. a token); logs go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddOutdialPersistence(builder.Configuration);
        builder.Services.AddOutdialAccounts();
        builder.Services.AddOutdialDirectory();
        var host = builder.Build();
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<OutdialDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await DatabaseMigrator.MigrateAsync(db, cancellationToken);
        }

        return new OfflineServices(host);
    }

    public T Get<T>()
        where T : notnull => host.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync()
    {
        host.Dispose();
        return ValueTask.CompletedTask;
    }
}
