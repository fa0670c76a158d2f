using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Outdial.Persistence;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{OutdialDbContext}"/> and a scoped
    /// <see cref="OutdialDbContext"/> for the configured provider.
    /// </summary>
    /// <param name="dataFolder">Folder that holds the SQLite file when no connection string is given.</param>
    public static IServiceCollection AddOutdialDatabase(this IServiceCollection services, DatabaseOptions options, string dataFolder)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(options.ConnectionString, dataFolder);
                var synchronous = new SqliteSynchronous(options.SqliteSynchronous == SqliteDurability.Full ? "FULL" : "NORMAL");
                services.AddPooledDbContextFactory<SqliteOutdialDbContext>(o => o.UseSqlite(sqlite).AddInterceptors(synchronous));
                services.AddSingleton<IDbContextFactory<OutdialDbContext>, OutdialDbContextFactory<SqliteOutdialDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is PostgreSql but Database:ConnectionString is empty. " +
                        "Set it, e.g. Database__ConnectionString=\"Host=127.0.0.1;Port=5432;Database=outdial;Username=outdial;Password=...\".");
                }

                services.AddPooledDbContextFactory<PostgreSqlOutdialDbContext>(o => o.UseNpgsql(options.ConnectionString));
                services.AddSingleton<IDbContextFactory<OutdialDbContext>, OutdialDbContextFactory<PostgreSqlOutdialDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'. Use Sqlite or PostgreSql.");
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<OutdialDbContext>>().CreateDbContext());
        return services;
    }

    public static string SqliteConnectionString(string? configured, string dataFolder)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "")
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            builder.DataSource = Path.Combine(dataFolder, "outdial.db");
        }

        return builder.ToString();
    }

    private sealed class OutdialDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<OutdialDbContext>
        where TContext : OutdialDbContext
    {
        public OutdialDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
