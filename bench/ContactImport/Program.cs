using Outdial.Bench;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Outdial.Contacts;
using Outdial.Csv;
using Outdial.Hosting;
using Outdial.Persistence;
using Outdial.Testing;

// Writes a CSV of N rows × 10 columns (default 1,000,000), then imports it with the shipping
// ContactImport (phone normalisation, duplicate matching on phone) into a fresh SQLite file and a
// throwaway PostgreSQL database. Anchors measured in the same run on the same file: sqlite3's own
// .import and psql's \copy into a bare table. Prints one JSON line per database.
//
//   dotnet run -c Release --project bench/ContactImport -- [--rows N] [--provider sqlite|postgresql|both]
var rows = BenchArguments.Number(args, "--rows", 1_000_000);
var providers = BenchArguments.Providers(args);

var folder = Directory.CreateTempSubdirectory("outdial-import-bench-").FullName;
var file = Path.Combine(folder, "contacts.csv");
WriteFile(file, rows);
var size = new FileInfo(file).Length;
Console.Error.WriteLine($"wrote {rows:N0} rows, {size / 1024.0 / 1024.0:F0} MB");

await using var postgres = new PostgresServer();
foreach (var provider in providers)
{
    var database = await TestDatabase.CreateAsync(provider, postgres);
    var anchor = provider == DatabaseProvider.Sqlite ? SqliteAnchor(file, folder) : await PostgresAnchorAsync(file, database.ConnectionString);
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddSingleton(TimeProvider.System)
        .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .AddOutdialDatabase(new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }, database.DataFolder)
        .AddOutdialDirectory()
        .BuildServiceProvider();
    await using (var db = await services.GetRequiredService<IDbContextFactory<OutdialDbContext>>().CreateDbContextAsync())
    {
        await DatabaseMigrator.MigrateAsync(db);
    }

    GC.Collect();
    var baseline = Environment.WorkingSet;
    var peak = baseline;
    using var sampler = new Timer(_ => peak = Math.Max(peak, Environment.WorkingSet), null, 0, 100);
    var watch = Stopwatch.StartNew();
    await using var stream = File.OpenRead(file);
    using var reader = new StreamReader(stream, CsvEncoding.Detect(stream));
    using var table = CsvTable.Open(reader);
    var columns = table.Header.Select(h => ImportTarget.Suggest(h, [])).ToList();
    var result = await services.GetRequiredService<ContactImport>().RunAsync(table, new ImportOptions(columns, DuplicateMatch.Phone, OnDuplicate.Update), Actor.System);
    watch.Stop();
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        provider = provider.ToString(),
        rows,
        megabytes = Math.Round(size / 1024.0 / 1024.0),
        created = result.Created,
        updated = result.Updated,
        failed = result.Failed,
        seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
        rowsPerSecond = Math.Round(rows / watch.Elapsed.TotalSeconds),
        anchorSeconds = Math.Round(anchor.TotalSeconds, 2),
        anchorRowsPerSecond = Math.Round(rows / anchor.TotalSeconds),
        ratioToAnchor = Math.Round(anchor.TotalSeconds / watch.Elapsed.TotalSeconds, 4),
        peakWorkingSetMegabytes = Math.Round(peak / 1024.0 / 1024.0),
    }));
}

Directory.Delete(folder, recursive: true);

// 10 columns; every 50th row repeats an earlier phone written another way (a duplicate to match).
static void WriteFile(string path, int count)
{
    string[] first = ["Jana", "Petr", "Eva", "Jan", "Marie", "Tomáš", "Lucie", "Martin", "Kateřina", "Pavel"];
    string[] last = ["Nováková", "Novák", "Dvořák", "Černá", "Svoboda", "Procházková", "Kučera", "Veselý"];
    var random = new Random(11);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
    writer.WriteLine("First name,Last name,Company,Phone,Mobile,E-mail,City,Street,Zip,Note");
    for (var i = 0; i < count; i++)
    {
        var phone = i % 50 == 49 ? "00420 " + Mobile(i - 1) : "+420 " + Mobile(i);
        writer.WriteLine($"{first[random.Next(first.Length)]},{last[random.Next(last.Length)]},Firma {i % 1000},{phone},6{random.Next(10_000_000, 99_999_999)},c{i}@example.com,Praha,Ulice {i % 500},1{random.Next(1000, 9999)},\"note, {i}\"");
    }
}

// Valid Czech mobile numbers (77x and 73x ranges), one per row number.
static string Mobile(int i) => $"7{(i % 2 == 0 ? 7 : 3)}{i / 2 % 10_000_000:D7}";

static TimeSpan SqliteAnchor(string csv, string folder)
{
    var database = Path.Combine(folder, "anchor.db");
    File.Delete(database);
    var start = new ProcessStartInfo("sqlite3", [database]) { RedirectStandardInput = true, RedirectStandardError = true };
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    process.StandardInput.WriteLine("CREATE TABLE people(first, last, company, phone, mobile, email, city, street, zip, note);");
    process.StandardInput.WriteLine(".mode csv");
    process.StandardInput.WriteLine($".import --skip 1 {csv} people");
    process.StandardInput.Close();
    process.WaitForExit();
    watch.Stop();
    return watch.Elapsed;
}

static async Task<TimeSpan> PostgresAnchorAsync(string csv, string connectionString)
{
    var builder = new NpgsqlConnectionStringBuilder(connectionString);
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE people(first text, last text, company text, phone text, mobile text, email text, city text, street text, zip text, note text)", connection);
        await create.ExecuteNonQueryAsync();
    }

    var start = new ProcessStartInfo("psql", ["-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", builder.Database!,
        "-c", $"\\copy people FROM '{csv}' WITH (FORMAT csv, HEADER true)"]) { RedirectStandardOutput = true, RedirectStandardError = true };
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    await process.WaitForExitAsync();
    watch.Stop();
    return watch.Elapsed;
}
