using System.Diagnostics;
using System.Text.Json;
using Outdial.Numbers;

// Fills a BlacklistIndex with N exact numbers (default 1,000,000) and P prefixes, then times
// lookups of numbers that are blocked exactly, blocked by a prefix, and free. Prints one JSON line.
//
//   dotnet run -c Release --project bench/BlacklistLookup -- [--entries N] [--prefixes P] [--lookups L]
var entries = Option("--entries", 1_000_000);
var prefixes = Option("--prefixes", 10_000);
var lookups = Option("--lookups", 5_000_000);
var now = DateTimeOffset.UtcNow;
var random = new Random(7);

var before = GC.GetTotalMemory(forceFullCollection: true);
var index = new BlacklistIndex();
var exact = new string[entries];
var fill = Stopwatch.StartNew();
for (var i = 0; i < entries; i++)
{
    exact[i] = $"+4207{random.Next(10_000_000, 99_999_999)}";
    index.Add(exact[i], isPrefix: false, expiresAt: i % 10 == 0 ? now.AddDays(30) : null);
}

for (var i = 0; i < prefixes; i++)
{
    index.Add($"+4209{i:D4}", isPrefix: true, expiresAt: null);
}

fill.Stop();
var memory = GC.GetTotalMemory(forceFullCollection: true) - before;

var probes = new string[1024];
for (var i = 0; i < probes.Length; i++)
{
    probes[i] = (i % 3) switch
    {
        0 => exact[random.Next(entries)],
        1 => $"+4209{random.Next(prefixes):D4}{random.Next(1000, 9999)}",
        _ => $"+4206{random.Next(10_000_000, 99_999_999)}",
    };
}

var blocked = 0;
for (var i = 0; i < 100_000; i++)
{
    blocked += index.Blocking(probes[i & 1023], now) is null ? 0 : 1; // warm-up
}

blocked = 0;
var watch = Stopwatch.StartNew();
for (var i = 0; i < lookups; i++)
{
    blocked += index.Blocking(probes[i & 1023], now) is null ? 0 : 1;
}

watch.Stop();
Console.WriteLine(JsonSerializer.Serialize(new
{
    entries = index.Count,
    lookups,
    blockedShare = Math.Round((double)blocked / lookups, 3),
    nanosecondsPerLookup = Math.Round(watch.Elapsed.TotalNanoseconds / lookups, 1),
    lookupsPerSecond = Math.Round(lookups / watch.Elapsed.TotalSeconds),
    fillSeconds = Math.Round(fill.Elapsed.TotalSeconds, 2),
    memoryMegabytes = Math.Round(memory / 1024.0 / 1024.0, 1),
}));

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
