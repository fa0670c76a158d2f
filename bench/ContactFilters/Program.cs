using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Outdial;
using Outdial.Contacts;
using Outdial.Bench;
using Outdial.Hosting;
using Outdial.Persistence;
using Outdial.Testing;

// Fills N contacts (default 1,000,000) into a fresh SQLite file and a throwaway PostgreSQL
// database, then times what the Contacts page and the API do for a filter: the count plus the
// first page of 50, through the shipping ContactDirectory. Prints one JSON line per case.
//
//   dotnet run -c Release --project bench/ContactFilters -- [--contacts N] [--provider sqlite|postgresql|both] [--runs R]
var contacts = BenchArguments.Number(args, "--contacts", 1_000_000);
var runs = BenchArguments.Number(args, "--runs", 7);
var providers = BenchArguments.Providers(args);

var cases = new (string Name, string Filter)[]
{
    ("indexed: lastName startsWith", """{"field":"lastName","op":"startsWith","value":"nov"}"""),
    ("indexed: lastName eq", """{"field":"lastName","op":"eq","value":"dvořák"}"""),
    ("phone startsWith +420 77", """{"field":"phone","op":"startsWith","value":"+42077"}"""),
    ("custom: tier eq Gold", """{"field":"custom.tier","op":"eq","value":"Gold"}"""),
    ("custom: age between 30 and 35", """{"field":"custom.age","op":"between","value":[30,35]}"""),
    ("and: tier Gold and lastName startsWith", """{"and":[{"field":"custom.tier","op":"eq","value":"Gold"},{"field":"lastName","op":"startsWith","value":"nov"}]}"""),
};

await using var postgres = new PostgresServer();
foreach (var provider in providers)
{
    var database = await TestDatabase.CreateAsync(provider, postgres);
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddSingleton(TimeProvider.System)
        .AddOutdialDatabase(new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }, database.DataFolder)
        .AddOutdialDirectory()
        .BuildServiceProvider();
    var factory = services.GetRequiredService<IDbContextFactory<OutdialDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
    {
        await DatabaseMigrator.MigrateAsync(db);
    }

    var fill = Stopwatch.StartNew();
    await DirectoryFill.FillAsync(factory, contacts);
    Console.Error.WriteLine($"{provider}: filled {contacts:N0} contacts in {fill.Elapsed.TotalSeconds:F0} s");

    var directory = services.GetRequiredService<ContactDirectory>();
    foreach (var (name, json) in cases)
    {
        using var document = JsonDocument.Parse(json);
        var filter = await directory.ParseFilterAsync(document.RootElement);
        var times = new List<double>();
        var total = 0;
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var page = await directory.ListAsync(null, filter, ContactSort.DisplayName, false, new PageRequest(0, 50));
            watch.Stop();
            total = page.Total;
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds); // run 0 warms caches and the query-plan cache
            }
        }

        times.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            provider = provider.ToString(),
            contacts,
            @case = name,
            matches = total,
            medianMs = Math.Round(times[times.Count / 2], 1),
            maxMs = Math.Round(times[^1], 1),
        }));
    }
}
