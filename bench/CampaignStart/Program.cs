using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Outdial.Bench;
using Outdial.Campaigns;
using Outdial.Hosting;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

// Fills N contacts (default 1,000,000), starts a campaign over all of them through the shipping
// CampaignDirectory (which creates one record per contact: phone chosen, blacklist checked), then
// times the statistics query. Prints one JSON line per database.
//
//   dotnet run -c Release --project bench/CampaignStart -- [--contacts N] [--provider sqlite|postgresql|both]
var contacts = BenchArguments.Number(args, "--contacts", 1_000_000);
var providers = BenchArguments.Providers(args);

await using var postgres = new PostgresServer();
foreach (var provider in providers)
{
    var database = await TestDatabase.CreateAsync(provider, postgres);
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddSingleton(TimeProvider.System)
        .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .AddOutdialDatabase(new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }, database.DataFolder)
        .AddOutdialDirectory()
        .BuildServiceProvider();
    var factory = services.GetRequiredService<IDbContextFactory<OutdialDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
    {
        await DatabaseMigrator.MigrateAsync(db);
    }

    await DirectoryFill.FillAsync(factory, contacts);
    var group = await services.GetRequiredService<OperatorGroups>().CreateAsync("Bench", 10, CallDistribution.LongestIdle, []);
    var directory = services.GetRequiredService<CampaignDirectory>();
    var campaign = await directory.CreateAsync(new CampaignSettings("Bench", "", CampaignMode.Progressive, 0, 30, group.Id, CampaignGoal.AllContactsProcessed,
        CampaignSettings.DefaultResultCodes, [], CallerIdRotation.RoundRobin, null, 3, 25, 60, "mobile", null));

    var start = Stopwatch.StartNew();
    await directory.ApplyAsync(campaign.Id, CampaignAction.Start);
    start.Stop();

    var records = services.GetRequiredService<CampaignRecords>();
    await records.StatisticsAsync(campaign.Id); // warm-up
    var statistics = Stopwatch.StartNew();
    var figures = await records.StatisticsAsync(campaign.Id);
    statistics.Stop();

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        provider = provider.ToString(),
        contacts,
        records = figures.Records,
        startSeconds = Math.Round(start.Elapsed.TotalSeconds, 1),
        recordsPerSecond = Math.Round(figures.Records / start.Elapsed.TotalSeconds),
        statisticsMs = Math.Round(statistics.Elapsed.TotalMilliseconds, 1),
    }));
}
