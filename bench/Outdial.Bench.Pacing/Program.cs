using System.Diagnostics;
using System.Globalization;
using System.Text;
using Outdial.Bench.Pacing;
using Outdial.Dialing.Simulation;

// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- speed
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- table [--seeds 30] [--operators 5,20,100] [--shifts base,halves,config-half,config-double] [--out FILE]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- frontier [--seeds 30] [--operators 5,20,100] [--out FILE]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- scenarios [--out bench/scenarios]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "speed";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

switch (command)
{
    case "speed":
        Speed(int.Parse(Option("--runs") ?? "20", CultureInfo.InvariantCulture));
        break;
    case "table":
        Table(
            int.Parse(Option("--seeds") ?? "30", CultureInfo.InvariantCulture),
            Option("--operators")?.Split(',').Select(int.Parse).ToHashSet() ?? [.. ScenarioGrid.Operators],
            Option("--shifts")?.Split(',').ToHashSet() ?? ["base", "halves", "config-half", "config-double"],
            Option("--out"));
        break;
    case "frontier":
        Frontier(
            int.Parse(Option("--seeds") ?? "30", CultureInfo.InvariantCulture),
            Option("--operators")?.Split(',').Select(int.Parse).ToHashSet() ?? [.. ScenarioGrid.Operators],
            Option("--out"));
        break;
    case "scenarios":
        var folder = Option("--out") ?? "bench/scenarios";
        Directory.CreateDirectory(folder);
        foreach (var cell in ScenarioGrid.All())
        {
            File.WriteAllText(Path.Combine(folder, cell.Key + ".json"), cell.Json);
        }

        Console.WriteLine($"Wrote {ScenarioGrid.All().Count()} scenario files to {folder}.");
        break;
    default:
        Console.Error.WriteLine("Commands: speed [--runs N] | frontier [--seeds K] [--operators 5,20,100] [--out FILE] | table [--seeds K] [--operators 5,20,100] [--shifts base,halves,config-half,config-double] [--out FILE] | scenarios [--out DIR]");
        return 2;
}

return 0;

// Simulated operator-hours per wall-clock second, on one thread, for each policy on the
// benchmarks.md example scenario (20 operators, 30 % pickup, 8 hours) and on a 100-operator one.
static void Speed(int runs)
{
    var cells = ScenarioGrid.All().Where(c => c.Key is "base-op20-p0.3-t180" or "base-op100-p0.3-t180" or "base-op20-p0.3-t60" or "base-op5-p0.3-t180").ToList();

    // Warm up every path first, so that no figure includes the JIT's unoptimised first tier.
    foreach (var cell in cells)
    {
        foreach (var name in SimulationPolicy.Names)
        {
            for (var i = 0; i < 5; i++)
            {
                PacingSimulator.Run(cell.Scenario, SimulationPolicy.Parse(name), 1000 + i);
            }
        }
    }

    Console.WriteLine($"Simulated operator-hours per second, one thread, {runs} runs each (after warming up):");
    foreach (var cell in cells)
    {
        foreach (var name in SimulationPolicy.Names)
        {
            var policy = SimulationPolicy.Parse(name);
            var watch = Stopwatch.StartNew();
            long dials = 0;
            for (var seed = 0; seed < runs; seed++)
            {
                dials += PacingSimulator.Run(cell.Scenario, policy, seed).Dials;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var operatorHours = runs * cell.Scenario.Operators * cell.Scenario.Hours;
            Console.WriteLine($"  {cell.Key,-22} {name,-12} {operatorHours / seconds,10:N0} operator-h/s   {dials / seconds,10:N0} dials/s");
        }
    }
}

static void Table(int seeds, HashSet<int> operators, HashSet<string> shifts, string? output)
{
    var started = Stopwatch.StartNew();
    var policies = new[] { "progressive", "fixed", "vicidial", "oracle" };
    var text = new StringBuilder();
    text.AppendLine($"| scenario | progressive talk / abandon / eff. | fixed talk / abandon / eff. | vicidial talk / abandon / eff. | oracle talk |");
    text.AppendLine("|---|---|---|---|---|");
    Console.Write(text);
    var cells = ScenarioGrid.All().Where(c => operators.Contains(c.Operators) && shifts.Contains(c.Shift)).ToList();
    var efficiency = policies.ToDictionary(p => p, _ => new List<(ScenarioGrid.Cell Cell, double Efficiency, double Abandon)>());
    foreach (var cell in cells)
    {
        var summaries = policies.ToDictionary(p => p, p => PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse(p), 1, seeds));
        var oracle = summaries["oracle"].Mean("talkFraction");
        var row = new StringBuilder($"| {cell.Key} |");
        foreach (var policy in policies.Take(3))
        {
            var talk = summaries[policy].Mean("talkFraction");
            var abandon = summaries[policy].Mean("abandonRate");
            efficiency[policy].Add((cell, talk / oracle, abandon));
            row.Append(CultureInfo.InvariantCulture, $" {talk:P1} / {abandon:P2} / {talk / oracle:F3} |");
        }

        row.Append(CultureInfo.InvariantCulture, $" {oracle:P1} |");
        Console.WriteLine(row);
        text.AppendLine(row.ToString());
    }

    var summary = new StringBuilder();
    summary.AppendLine();
    summary.AppendLine("| policy | mean efficiency | cells over 3 % abandon (mean over seeds) |");
    summary.AppendLine("|---|---|---|");
    foreach (var policy in policies.Take(3))
    {
        var rows = efficiency[policy];
        summary.AppendLine(CultureInfo.InvariantCulture, $"| {policy} | {rows.Average(r => r.Efficiency):F3} | {rows.Count(r => r.Abandon > 0.03)} of {rows.Count} |");
    }

    summary.AppendLine();
    summary.AppendLine(CultureInfo.InvariantCulture, $"{cells.Count} cells × {policies.Length} policies × {seeds} seeds = {cells.Count * policies.Length * seeds} shifts in {started.Elapsed.TotalSeconds:F0} s.");
    Console.Write(summary);
    text.Append(summary);
    if (output is not null)
    {
        File.WriteAllText(output, text.ToString());
    }
}

// Talk fraction where the abandon rate crosses 3 %, for the policies that have a setting to turn,
// on the unshifted grid at the middle talk time.
static void Frontier(int seeds, HashSet<int> operators, string? output)
{
    var started = Stopwatch.StartNew();
    var text = new StringBuilder();
    text.AppendLine("| scenario | fixed: talk at 3 % | vicidial: talk at 3 % | progressive talk (0 %) | oracle talk (0 %) |");
    text.AppendLine("|---|---|---|---|---|");
    Console.Write(text);
    foreach (var cell in ScenarioGrid.All().Where(c => c.Shift == "base" && c.TalkMean == 180 && operators.Contains(c.Operators)))
    {
        string AtCap(string policy) => PacingFrontier.Sweep(cell.Scenario, policy, 1, seeds).TalkFractionAtCap is { } talk
            ? talk.ToString("P1", CultureInfo.InvariantCulture)
            : "never crosses";
        var progressive = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("progressive"), 1, seeds).Mean("talkFraction");
        var oracle = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("oracle"), 1, seeds).Mean("talkFraction");
        var row = string.Create(CultureInfo.InvariantCulture, $"| {cell.Key} | {AtCap("fixed")} | {AtCap("vicidial")} | {progressive:P1} | {oracle:P1} |");
        Console.WriteLine(row);
        text.AppendLine(row);
    }

    var done = string.Create(CultureInfo.InvariantCulture, $"\n{seeds} seeds per point, {started.Elapsed.TotalSeconds:F0} s.\n");
    Console.Write(done);
    text.Append(done);
    if (output is not null)
    {
        File.WriteAllText(output, text.ToString());
    }
}
