using System.Globalization;
using CsCheck;
using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

/// <summary>Properties of the simulator over random scenarios.</summary>
public sealed class SimulatorInvariantTests
{
    private static readonly Gen<string> Distributions = Gen.OneOf(
        Gen.Int[5, 400].Select(v => $$"""{ "dist": "fixed", "value": {{v}} }"""),
        Gen.Select(Gen.Int[1, 100], Gen.Int[0, 300], (min, span) => $$"""{ "dist": "uniform", "min": {{min}}, "max": {{min + span}} }"""),
        Gen.Int[5, 300].Select(mean => $$"""{ "dist": "exponential", "mean": {{mean}} }"""),
        Gen.Select(Gen.Int[5, 300], Gen.Int[0, 200], (mean, sd) => $$"""{ "dist": "lognormal", "mean": {{mean}}, "sd": {{sd}} }"""));

    private static readonly Gen<(string Json, int Seed)> Scenarios =
        Gen.Select(
            Gen.Select(Gen.Int[1, 12], Gen.Int[5, 75], Gen.Int[0, 10], Gen.Int[0, 5], Gen.Int[0, 10]),
            Gen.Select(Distributions, Gen.Int[1, 100], Gen.Int[0, 3], Gen.Bool, Gen.Int[5, 75]),
            Gen.Int[0, 1000])
        .Select((counts, shape, seed) =>
        {
            var (operators, pickup, busy, invalid, machine) = counts;
            var (talk, configured, patience, change, changedPickup) = shape;
            var changes = change ? $$""", "changes": [ { "atMinute": 15, "pickupRate": {{changedPickup / 100.0}}, "configuredPickupRate": 0.5 } ]""" : "";
            var json = string.Create(CultureInfo.InvariantCulture, $$"""
                { "operators": {{operators}}, "hours": 0.5, "pickupRate": {{pickup / 100.0}}, "configuredPickupRate": {{configured / 100.0}},
                  "busyRate": {{busy / 100.0}}, "invalidRate": {{invalid / 100.0}}, "machineRate": {{machine / 100.0}},
                  "talkSeconds": {{talk}}, "wrapUpSeconds": { "dist": "uniform", "min": 0, "max": 30 },
                  "patienceSeconds": {{patience}}{{changes}} }
                """);
            return (json, seed);
        });

    [Fact]
    public void Same_seed_gives_the_same_json_for_every_policy_and_scenario() =>
        Scenarios.Sample(
            s =>
            {
                var scenario = Scenario.Parse(s.Json);
                foreach (var name in SimulationPolicy.Names)
                {
                    var policy = SimulationPolicy.Parse(name);
                    Assert.Equal(PacingSimulator.Run(scenario, policy, s.Seed).ToJson(), PacingSimulator.Run(scenario, policy, s.Seed).ToJson());
                }
            },
            iter: 30,
            print: s => s.Json);

    [Fact]
    public void Progressive_and_oracle_never_abandon_and_figures_stay_in_range() =>
        Scenarios.Sample(
            s =>
            {
                var scenario = Scenario.Parse(s.Json);
                foreach (var name in SimulationPolicy.Names)
                {
                    var result = PacingSimulator.Run(scenario, SimulationPolicy.Parse(name), s.Seed);
                    if (name is "progressive" or "oracle")
                    {
                        Assert.Equal(0, result.Abandoned);
                    }

                    Assert.InRange(result.TalkFraction, 0, 1);
                    Assert.InRange(result.Occupancy, result.TalkFraction, 1 + 1e-9);
                    Assert.InRange(result.Abandoned, 0, result.LiveAnswers);
                    Assert.InRange(result.LiveAnswers + result.MachineAnswers, 0, result.Dials);
                }
            },
            iter: 40,
            print: s => s.Json);
}
