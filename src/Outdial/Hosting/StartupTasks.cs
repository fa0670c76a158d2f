using Microsoft.EntityFrameworkCore;
using Outdial.Identity;
using Outdial.Persistence;

namespace Outdial.Hosting;

/// <summary>Configuration section <c>Admin</c>: the first administrator, created when there are no users.</summary>
public sealed class FirstAdministratorOptions
{
    public const string Section = "Admin";

    public string Email { get; set; } = "admin@outdial.local";

    /// <summary>Taken from <c>OUTDIAL_ADMIN_PASSWORD</c> when set; otherwise a password is generated and printed.</summary>
    public string? Password { get; set; }
}

/// <summary>
/// Brings the database up to date and creates the first administrator before the server accepts
/// requests (it runs in the host's "starting" phase, ahead of the web server).
/// </summary>
internal sealed class StartupTasks(
    IDbContextFactory<OutdialDbContext> databases,
    UserAccounts accounts,
    Numbers.Blacklist blacklist,
    Contacts.ImportJobs imports,
    IConfiguration configuration,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            await DatabaseMigrator.MigrateAsync(db, cancellationToken);
        }

        await imports.MarkInterruptedAsync(cancellationToken);

        // Load the blacklist now rather than on the first dial.
        await blacklist.IndexAsync(cancellationToken);

        var options = configuration.GetSection(FirstAdministratorOptions.Section).Get<FirstAdministratorOptions>() ?? new FirstAdministratorOptions();
        var password = configuration["ADMIN_PASSWORD"] ?? options.Password;
        var issued = await accounts.CreateFirstAdministratorAsync(options.Email, string.IsNullOrEmpty(password) ? null : password, cancellationToken);
        if (issued is not null)
        {
            IdentityLog.FirstAdministratorCreated(logger, issued.User.Email);
            Console.Out.WriteLine($"""

                ==================================================================
                 Outdial created the first administrator.
                   Login:    {issued.User.Email}
                   Password: {issued.OneTimePassword}
                 This is a one-time password: you will choose a new one when you
                 first sign in.
                ==================================================================

                """);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
