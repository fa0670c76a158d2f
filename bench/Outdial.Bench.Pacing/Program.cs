using System.Diagnostics;
using System.Globalization;
using System.Text;
using Outdial.Bench.Pacing;
using Outdial.Dialing.Simulation;

// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- speed [--runs 3] [--operator-hours 4000] [--cells all|key,key] [--policies fixed,oracle]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- table [--seeds 30] [--operators 5,20,100] [--shifts base,halves,config-half,config-double] [--out FILE]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- frontier [--seeds 30] [--operators 5,20,100] [--out FILE]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- compare [--seeds 10] [--policies adaptive,fixed,adaptive@0.05] [--cells base-op20-p0.3-t180,...]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- scenarios [--out bench/scenarios]
// dotnet run -c Release --project bench/Outdial.Bench.Pacing -- results [--seeds 2] [--policies a,b] [--cells key,key] > before.jsonl
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "speed";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

switch (command)
{
    case "speed":
        Speed(
            int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture),
            double.Parse(Option("--operator-hours") ?? "4000", CultureInfo.InvariantCulture),
            Option("--cells")?.Split(',').ToHashSet(),
            Option("--policies")?.Split(',') ?? [.. SimulationPolicy.Names]);
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
    case "compare":
        Compare(
            int.Parse(Option("--seeds") ?? "10", CultureInfo.InvariantCulture),
            (Option("--policies") ?? "adaptive").Split(','),
            Option("--cells")?.Split(',').ToHashSet());
        break;
    case "results":
        Results(
            int.Parse(Option("--seeds") ?? "2", CultureInfo.InvariantCulture),
            Option("--policies")?.Split(',') ?? [.. SimulationPolicy.Names],
            Option("--cells")?.Split(',').ToHashSet());
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
        Console.Error.WriteLine("Commands: results [--seeds K] [--policies a,b] [--cells key,key] | speed [--runs N] [--operator-hours H] [--cells all|key,key] [--policies a,b] | frontier [--seeds K] [--operators 5,20,100] [--out FILE] | table [--seeds K] [--operators 5,20,100] [--shifts base,halves,config-half,config-double] [--out FILE] | compare [--seeds K] [--policies a,b] [--cells key,key] | scenarios [--out DIR]");
        return 2;
}

return 0;

// A quick look at some policies on some cells (both cores): talk, abandon, runs over the cap, efficiency.
static void Compare(int seeds, string[] policies, HashSet<string>? keys)
{
    var started = Stopwatch.StartNew();
    var cells = ScenarioGrid.All().Where(c => keys is null || keys.Contains(c.Key)).ToList();
    var rows = new string[cells.Count];
    Parallel.For(0, cells.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        var cell = cells[i];
        var oracle = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("oracle"), 1, seeds).Mean("talkFraction");
        var row = new StringBuilder($"{cell.Key,-30}");
        foreach (var name in policies)
        {
            // "adaptive@0.05": a policy at an aggressiveness of its frontier sweep.
            var policy = name.Split('@') is [var plain, var setting]
                ? SimulationPolicy.Parse(plain) with { Aggressiveness = double.Parse(setting, CultureInfo.InvariantCulture) }
                : SimulationPolicy.Parse(name);
            var summary = PacingSimulator.RunSeeds(cell.Scenario, policy, 1, seeds);
            var talk = summary.Mean("talkFraction");
            row.Append(CultureInfo.InvariantCulture, $" | {name} {talk:P1} ab {summary.Mean("abandonRate"):P2} over {summary.RunsOverCap} eff {talk / oracle:F3} idle {summary.Mean("idleWaitMeanSeconds"):F1}");
        }

        rows[i] = row.ToString();
        Console.WriteLine(rows[i]);
    });
    Console.WriteLine($"{started.Elapsed.TotalSeconds:F0} s");
}

// Every run's JSON, one line per cell, policy and seed, in a fixed order: a speed change that claims
// to change no result is checked by comparing this output before and after it.
static void Results(int seeds, IReadOnlyList<string> policies, HashSet<string>? keys)
{
    var runs = (from cell in ScenarioGrid.All()
                where keys is null || keys.Contains(cell.Key)
                from policy in policies
                from seed in Enumerable.Range(1, seeds)
                select (cell, policy, seed)).ToList();
    var lines = new string[runs.Count];
    Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        var (cell, policy, seed) = runs[i];
        lines[i] = $"{cell.Key} {PacingSimulator.Run(cell.Scenario, SimulationPolicy.Parse(policy), seed).ToJson()}";
    });

    foreach (var line in lines)
    {
        Console.WriteLine(line);
    }
}

// Simulated operator-hours per wall-clock second, on one thread, for each policy on some cells of
// the grid (by default four: the benchmarks.md example at 5, 20 and 100 operators and 1-minute
// calls; `--cells all` for every cell), with the bytes allocated per dial and each policy's slowest cell.
// Each line simulates at least `runs` shifts and at least `operatorHours` operator-hours (seeds 0, 1, …),
// so that a cell of 5 operators is timed over as long as one of 100.
static void Speed(int runs, double operatorHours, HashSet<string>? keys, IReadOnlyList<string> policies)
{
    keys ??= ["base-op20-p0.3-t180", "base-op100-p0.3-t180", "base-op20-p0.3-t60", "base-op5-p0.3-t180"];
    var cells = ScenarioGrid.All().Where(c => keys.Contains("all") || keys.Contains(c.Key)).ToList();

    // Warm up every path first, for two seconds per policy: the JIT compiles hot methods again with
    // what it saw them do (tiered compilation with profile-guided optimisation) only after they ran
    // for a while, and a figure taken before that measures the JIT, not the simulator.
    foreach (var name in policies)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; warming.Elapsed < TimeSpan.FromSeconds(2); i++)
        {
            var cell = cells[i % Math.Min(4, cells.Count)];
            PacingSimulator.Run(cell.Scenario, SimulationPolicy.Parse(name), 1000 + i);
        }
    }

    Console.WriteLine($"Simulated operator-hours per second, one thread, at least {runs} runs and {operatorHours:N0} operator-hours each (after warming up):");
    var slowest = policies.ToDictionary(p => p, _ => (Key: "", Speed: double.MaxValue));
    foreach (var cell in cells)
    {
        foreach (var name in policies)
        {
            var policy = SimulationPolicy.Parse(name);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var pausedBefore = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            long dials = 0;
            var shifts = Math.Max(runs, (int)Math.Ceiling(operatorHours / (cell.Scenario.Operators * cell.Scenario.Hours)));
            for (var seed = 0; seed < shifts; seed++)
            {
                dials += PacingSimulator.Run(cell.Scenario, policy, seed).Dials;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
            var speed = shifts * cell.Scenario.Operators * cell.Scenario.Hours / seconds;
            if (speed < slowest[name].Speed)
            {
                slowest[name] = (cell.Key, speed);
            }

            Console.WriteLine($"  {cell.Key,-30} {name,-12} {speed,10:N0} operator-h/s   {dials / seconds,10:N0} dials/s   {(double)allocated / dials,6:N0} B/dial   GC {paused / seconds,4:P0}");
        }
    }

    Console.WriteLine($"Slowest cell per policy (of {cells.Count}):");
    foreach (var (name, (key, speed)) in slowest)
    {
        Console.WriteLine($"  {name,-12} {speed,10:N0} operator-h/s   {key}");
    }
}

static void Table(int seeds, HashSet<int> operators, HashSet<string> shifts, string? output)
{
    var started = Stopwatch.StartNew();
    var compared = new[] { "progressive", "fixed", "vicidial", "adaptive" };
    var text = new StringBuilder();
    text.AppendLine("Each policy: talk fraction / mean abandon rate / efficiency (talk ÷ oracle's); a run over the cap (its 24-hour window above 3 %) is counted after the efficiency.");
    text.AppendLine();
    text.AppendLine($"| scenario | {string.Join(" | ", compared)} | oracle talk |");
    text.AppendLine($"|---|{string.Concat(compared.Select(_ => "---|"))}---|");
    var cells = ScenarioGrid.All().Where(c => operators.Contains(c.Operators) && shifts.Contains(c.Shift)).ToList();
    var results = new (string Row, Dictionary<string, (double Efficiency, double Abandon, int RunsOverCap)> Figures)[cells.Count];

    // Cells run on every core; each cell runs all policies over the same seeds.
    Parallel.For(0, cells.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        var cell = cells[i];
        var oracle = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("oracle"), 1, seeds).Mean("talkFraction");
        var row = new StringBuilder($"| {cell.Key} |");
        var figures = new Dictionary<string, (double, double, int)>();
        foreach (var policy in compared)
        {
            var summary = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse(policy), 1, seeds);
            var talk = summary.Mean("talkFraction");
            var abandon = summary.Mean("abandonRate");
            figures[policy] = (talk / oracle, abandon, summary.RunsOverCap);
            var over = summary.RunsOverCap > 0 ? $" ({summary.RunsOverCap} over)" : "";
            row.Append(CultureInfo.InvariantCulture, $" {talk:P1} / {abandon:P2} / {talk / oracle:F3}{over} |");
        }

        row.Append(CultureInfo.InvariantCulture, $" {oracle:P1} |");
        results[i] = (row.ToString(), figures);
        Console.Error.WriteLine(row);
    });

    foreach (var (row, _) in results)
    {
        text.AppendLine(row);
    }

    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"| policy | mean efficiency | efficiency with 5 / 20 / 100 operators (mean) | cells with mean abandon over 3 % | runs over 3 % (of {cells.Count * seeds}) |");
    text.AppendLine("|---|---|---|---|---|");
    foreach (var policy in compared)
    {
        var rows = cells.Select((cell, i) => (cell.Operators, results[i].Figures[policy])).ToList();
        var byTeam = string.Join(" / ", ScenarioGrid.Operators.Where(operators.Contains).Select(o => rows.Where(r => r.Operators == o).Average(r => r.Item2.Efficiency).ToString("F3", CultureInfo.InvariantCulture)));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {policy} | {rows.Average(r => r.Item2.Efficiency):F3} | {byTeam} | {rows.Count(r => r.Item2.Abandon > 0.03)} of {rows.Count} | {rows.Sum(r => r.Item2.RunsOverCap)} |");
    }

    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"{cells.Count} cells × {compared.Length + 1} policies × {seeds} seeds = {cells.Count * (compared.Length + 1) * seeds} shifts in {started.Elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} threads.");
    Console.Write(text);
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
    text.AppendLine("| scenario | fixed: talk at 3 % | vicidial: talk at 3 % | adaptive: talk at 3 % | adaptive ÷ fixed | adaptive ÷ vicidial | progressive talk (0 %) | oracle talk (0 %) |");
    text.AppendLine("|---|---|---|---|---|---|---|---|");
    var cells = ScenarioGrid.All().Where(c => c.Shift == "base" && c.TalkMean == 180 && operators.Contains(c.Operators)).ToList();
    var rows = new string[cells.Count];
    Parallel.For(0, cells.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        var cell = cells[i];
        double? AtCap(string policy) => PacingFrontier.Sweep(cell.Scenario, policy, 1, seeds).TalkFractionAtCap;
        static string Talk(double? talk) => talk is { } t ? t.ToString("P1", CultureInfo.InvariantCulture) : "never crosses";
        static string Ratio(double? a, double? b) => a is { } x && b is { } y ? (x / y).ToString("F3", CultureInfo.InvariantCulture) : "–";
        var (fixedTalk, vicidial, adaptive) = (AtCap("fixed"), AtCap("vicidial"), AtCap("adaptive"));
        var progressive = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("progressive"), 1, seeds).Mean("talkFraction");
        var oracle = PacingSimulator.RunSeeds(cell.Scenario, SimulationPolicy.Parse("oracle"), 1, seeds).Mean("talkFraction");
        rows[i] = string.Create(CultureInfo.InvariantCulture, $"| {cell.Key} | {Talk(fixedTalk)} | {Talk(vicidial)} | {Talk(adaptive)} | {Ratio(adaptive, fixedTalk)} | {Ratio(adaptive, vicidial)} | {progressive:P1} | {oracle:P1} |");
        Console.Error.WriteLine(rows[i]);
    });

    foreach (var row in rows)
    {
        text.AppendLine(row);
    }

    var done = string.Create(CultureInfo.InvariantCulture, $"\n{seeds} seeds per point, {started.Elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} threads.\n");
    text.Append(done);
    Console.Write(text);
    if (output is not null)
    {
        File.WriteAllText(output, text.ToString());
    }
}
