using System.CommandLine;
using Outdial.Dialing.Simulation;

namespace Outdial.Cli;

/// <summary>
/// <c>outdial simulate</c>: runs the dialer core against the simulated carrier and simulated
/// operators in virtual time, and prints the figures of benchmarks.md §1.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Option<FileInfo>("--scenario") { Description = "Scenario file (JSON, benchmarks.md §1).", Required = true };
        var policy = new Option<string>("--policy")
        {
            Description = "Pacing policy: progressive, fixed, adaptive (the shipping predictive policy), vicidial or oracle (the last two exist only in the simulator).",
            DefaultValueFactory = _ => "fixed",
        };
        policy.AcceptOnlyFromAmong([.. SimulationPolicy.Names]);
        var seed = new Option<int>("--seed") { Description = "Seed of the first run.", DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (seed, seed+1, …): prints the mean and the 5th/95th percentiles.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var frontier = new Option<bool>("--frontier") { Description = "Sweep the policy's aggressiveness and report the talk fraction where the abandon rate crosses 3 %." };

        var command = new Command("simulate", "Simulate a shift of a campaign in virtual time and print pacing figures.")
        {
            scenario, policy, seed, seeds, json, frontier,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            Scenario loaded;
            try
            {
                loaded = Scenario.Load(parsed.GetRequiredValue(scenario).FullName);
            }
            catch (Exception problem) when (problem is IOException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read the scenario: {problem.Message}");
                return 2;
            }

            var count = parsed.GetValue(seeds);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync("--seeds must be at least 1.");
                return 2;
            }

            var name = parsed.GetRequiredValue(policy);
            var first = parsed.GetValue(seed);
            var asJson = parsed.GetValue(json);
            string output;
            if (parsed.GetValue(frontier))
            {
                var result = PacingFrontier.Sweep(loaded, name, first, count);
                output = asJson ? result.ToJson() : result.ToText();
            }
            else if (count == 1)
            {
                var result = PacingSimulator.Run(loaded, SimulationPolicy.Parse(name), first);
                output = asJson ? result.ToJson() : result.ToText();
            }
            else
            {
                var summary = PacingSimulator.RunSeeds(loaded, SimulationPolicy.Parse(name), first, count);
                output = asJson ? summary.ToJson() : summary.ToText();
            }

            await Console.Out.WriteLineAsync(output.TrimEnd());
            return 0;
        });

        return command;
    }
}
