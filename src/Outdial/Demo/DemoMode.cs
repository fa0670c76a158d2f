using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Engine;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Demo;

/// <summary>Configuration section <c>Demo</c>; <c>outdial --demo</c> sets <c>Demo:Enabled</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Simulated operators (bots) working beside real ones.</summary>
    public int Operators { get; set; } = 8;

    public int Contacts { get; set; } = 500;

    public int MaxAttempts { get; set; } = 3;

    public int RetryDelayMinutes { get; set; } = 5;

    public SimulatedOperatorOptions Bots { get; set; } = new();
}

/// <summary>
/// Demo mode: on an empty or earlier demo database, creates demo contacts, a group of simulated
/// operators, a real operator account to sign in with, and a running predictive campaign on the
/// simulated carrier, so that a newcomer sees calls flowing within a minute. Started again on the
/// same data, it reuses what it made (and the bots come back online).
/// </summary>
public sealed class DemoMode(
    IOptions<DemoOptions> options,
    IDbContextFactory<OutdialDbContext> databases,
    UserAccounts accounts,
    OperatorGroups groups,
    ContactDirectory contacts,
    CampaignDirectory campaigns,
    OperatorDesks desks,
    DeskActions actions,
    OperatorStates states,
    CampaignEngine engine,
    TimeProvider clock,
    ILogger<DemoMode> logger) : IHostedService, IAsyncDisposable
{
    public const string CampaignName = "Demo: predictive campaign";
    public const string GroupName = "Demo operators";
    public const string OperatorEmail = "operator@demo.outdial.local";

    private SimulatedOperators? _bots;

    private Task _starting = Task.CompletedTask;

    /// <summary>Prepares the demo in the background, so the web server is up at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(async () =>
        {
            try
            {
                await PrepareAsync(CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                DemoLog.Failed(logger, exception);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        await engine.Ready;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var existing = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Name == CampaignName, cancellationToken);
        var botIds = await EnsureBotsAsync(db, demo.Operators, cancellationToken);
        if (existing is null)
        {
            var group = await groups.CreateAsync(GroupName, 5, CallDistribution.LongestIdle, [.. botIds, await EnsureHumanOperatorAsync(db, cancellationToken)], cancellationToken);
            await CreateContactsAsync(demo.Contacts, cancellationToken);
            var campaign = await campaigns.CreateAsync(new CampaignSettings(
                CampaignName, "Created by demo mode: simulated operators and the simulated carrier.", CampaignMode.Predictive, 10, 35, group.Id,
                CampaignGoal.AllContactsProcessed, CampaignSettings.DefaultResultCodes, [], CallerIdRotation.RoundRobin, CallingHours.Always,
                MaxAttempts: demo.MaxAttempts, RingTimeoutSeconds: 20, RetryDelayMinutes: demo.RetryDelayMinutes, CampaignSettings.FirstValidPhone, FilterId: null), cancellationToken);
            await campaigns.ApplyAsync(campaign.Id, CampaignAction.Start, cancellationToken);
        }

        _bots = new SimulatedOperators(botIds, desks, actions, states, clock, demo.Bots);
        await _bots.GoOnlineAsync();
        DemoLog.Ready(logger, CampaignName, botIds.Count);
    }

    private async Task<List<Guid>> EnsureBotsAsync(OutdialDbContext db, int count, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            var email = $"bot-{i}@demo.outdial.local";
            var id = await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken)
                ?? (await accounts.CreateAsync($"Demo bot {i}", email, [Role.OperatorId], null, cancellationToken: cancellationToken)).User.Id;
            ids.Add(id);
        }

        return ids;
    }

    private async Task<Guid> EnsureHumanOperatorAsync(OutdialDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Users.Where(u => u.Email == OperatorEmail).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken) is { } id)
        {
            return id;
        }

        var issued = await accounts.CreateAsync("Demo operator", OperatorEmail, [Role.OperatorId], null, cancellationToken: cancellationToken);
        Console.Out.WriteLine($"""

            ==================================================================
             Demo mode: sign in as an operator beside the bots.
               Login:    {OperatorEmail}
               Password: {issued.OneTimePassword}
             Then choose Online in the top bar and open "My desk".
            ==================================================================

            """);
        return issued.User.Id;
    }

    private async Task CreateContactsAsync(int count, CancellationToken cancellationToken)
    {
        string[] first = ["Jana", "Petr", "Eva", "Tomáš", "Lucie", "Martin", "Kateřina", "Jakub", "Tereza", "Lukáš"];
        string[] last = ["Nováková", "Svoboda", "Dvořáková", "Černý", "Procházková", "Kučera", "Veselá", "Horák", "Marková", "Pokorný"];
        for (var i = 0; i < count; i++)
        {
            var number = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"+420 777 {i / 1000 % 1000:000} {i % 1000:000}");
            await contacts.CreateAsync(new ContactInput(first[i % first.Length], last[i / first.Length % last.Length], Company: "Demo contact",
                Phones: [new PhoneInput(number, "mobile")]), Contacts.Actor.System, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _starting;
        if (_bots is not null)
        {
            await _bots.DisposeAsync();
        }
    }
}

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Demo mode: {Campaign} runs with {Bots} simulated operators")]
    public static partial void Ready(ILogger logger, string campaign, int bots);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Demo mode could not prepare its data")]
    public static partial void Failed(ILogger logger, Exception exception);
}
