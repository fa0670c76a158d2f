using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Outdial;
using Outdial.Contacts;
using Outdial.Hosting;
using Outdial.Persistence;
using Outdial.Testing;

// Fills N contacts (default 1,000,000) into a fresh SQLite file and a throwaway PostgreSQL
// database, then times what the Contacts page and the API do for a filter: the count plus the
// first page of 50, through the shipping ContactDirectory. Prints one JSON line per case.
//
//   dotnet run -c Release --project bench/ContactFilters -- [--contacts N] [--provider sqlite|postgresql|both] [--runs R]
var contacts = Option("--contacts", 1_000_000);
var runs = Option("--runs", 7);
var providers = OptionText("--provider", "both") switch
{
    "sqlite" => new[] { DatabaseProvider.Sqlite },
    "postgresql" => [DatabaseProvider.PostgreSql],
    _ => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql],
};

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
    await Fill(factory, contacts);
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

// The SQL below is built from this program's own constants, never from input.
// Generates the directory inside the database (INSERT … SELECT over a number series): a million
// contacts in seconds instead of the half hour that row-by-row inserts take. The columns are the
// ones the domain writes (lower-case search copies, E.164 phones, typed custom values).
static async Task Fill(IDbContextFactory<OutdialDbContext> factory, int count)
{
    string[] first = ["Jana", "Petr", "Eva", "Jan", "Marie", "Tomáš", "Lucie", "Martin", "Kateřina", "Pavel", "Žofie", "Jiří"];
    string[] last = ["Nováková", "Novák", "Dvořák", "Černá", "Svoboda", "Procházková", "Kučera", "Veselý", "Horáková", "Němec", "Marek", "Pokorná",
        "Pospíšil", "Hájek", "Jelínek", "Král", "Růžička", "Beneš", "Fiala", "Sedláček", "Doležal", "Zeman", "Kolář", "Navrátil"];
    await using var db = await factory.CreateDbContextAsync();
    db.ContactFields.Add(new ContactField("tier", "Tier", ContactFieldType.OneOf, ["Gold", "Silver", "Bronze"], DateTimeOffset.UtcNow));
    db.ContactFields.Add(new ContactField("age", "Age", ContactFieldType.Number, null, DateTimeOffset.UtcNow));
    await db.SaveChangesAsync();

    var names = string.Join(", ", Enumerable.Range(0, first.Length * last.Length).Select(k =>
    {
        var (f, l) = (first[k % first.Length], last[k / first.Length]);
        return $"({k}, '{f}', '{f.ToLowerInvariant()}', '{l}', '{l.ToLowerInvariant()}')";
    }));
    var combinations = first.Length * last.Length;
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
    var sqlite = db.Database.IsSqlite();
    var now = sqlite
        ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!.ToString()
        : "now()";
    var uuid = sqlite
        ? "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
        : "gen_random_uuid()";
    var series = sqlite
        ? $"WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {count - 1}), names(k, f, fl, l, ll) AS (VALUES {names})"
        : $"WITH seq(i) AS (SELECT generate_series(0, {count - 1})), names(k, f, fl, l, ll) AS (VALUES {names})";
    var random = sqlite ? "abs(random())" : "floor(random() * 2147483647)::bigint";
    var modulo = sqlite ? "%" : "%";
    await using var transaction = await db.Database.BeginTransactionAsync();
    var sql1 = $"""
        {series}
        INSERT INTO contacts (id, first_name, last_name, display_name, company, external_id, time_zone, time_zone_is_explicit, created_at, updated_at,
                              first_name_search, last_name_search, display_name_search, company_search, external_id_search)
        SELECT {uuid}, f, l, f || ' ' || l, NULL, NULL, 'Europe/Prague', {(sqlite ? "0" : "false")}, {now}, {now}, fl, ll, fl || ' ' || ll, NULL, NULL
        FROM (SELECT i, {random} {modulo} {combinations} AS r FROM seq) picked JOIN names ON k = r
        """;
    await db.Database.ExecuteSqlRawAsync(sql1);
    var sql2 = $"""
        INSERT INTO contact_phones (id, contact_id, label, original, e164, position)
        SELECT {uuid}, id, 'mobile', p, p, 0 FROM (SELECT id, '+4207' || ({random} {modulo} 90000000 + 10000000) AS p FROM contacts) numbered
        """;
    await db.Database.ExecuteSqlRawAsync(sql2);
    var sql3 = $"""
        INSERT INTO contact_emails (id, contact_id, address, normalized, position)
        SELECT {uuid}, id, lower(substr(replace(id, '-', ''), 1, 12)) || '@example.com', lower(substr(replace(id, '-', ''), 1, 12)) || '@example.com', 0
        FROM (SELECT {(sqlite ? "id" : "id::text AS id")} , id AS cid FROM contacts) c
        """.Replace("SELECT " + uuid + ", id,", "SELECT " + uuid + ", cid,");
    await db.Database.ExecuteSqlRawAsync(sql3);
    var sql4 = $"""
        INSERT INTO contact_field_values (contact_id, field_key, text, text_search, number, date, yes_no)
        SELECT id, 'tier', t, lower(t), NULL, NULL, NULL
        FROM (SELECT id, CASE {random} {modulo} 3 WHEN 0 THEN 'Gold' WHEN 1 THEN 'Silver' ELSE 'Bronze' END AS t FROM contacts) tiers
        """;
    await db.Database.ExecuteSqlRawAsync(sql4);
    var sql5 = $"""
        INSERT INTO contact_field_values (contact_id, field_key, text, text_search, number, date, yes_no)
        SELECT id, 'age', NULL, NULL, 18 + ({random} {modulo} 72), NULL, NULL FROM contacts
        """;
    await db.Database.ExecuteSqlRawAsync(sql5);
    await transaction.CommitAsync();
    await db.Database.ExecuteSqlRawAsync(sqlite ? "ANALYZE" : "ANALYZE");
}

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

string OptionText(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
