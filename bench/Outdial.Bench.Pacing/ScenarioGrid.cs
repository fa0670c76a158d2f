using System.Globalization;
using Outdial.Dialing.Simulation;

namespace Outdial.Bench.Pacing;

/// <summary>The scenario grid of benchmarks.md §1, plus its shifted variants.</summary>
internal static class ScenarioGrid
{
    public static readonly int[] Operators = [5, 20, 100];
    public static readonly double[] PickupRates = [0.2, 0.3, 0.4, 0.6];
    public static readonly double[] TalkMeans = [60, 180, 360];

    public sealed record Cell(string Key, string Shift, int Operators, double PickupRate, double TalkMean, string Json)
    {
        public Scenario Scenario { get; } = Scenario.Parse(Json);
    }

    public static IEnumerable<Cell> All()
    {
        foreach (var operators in Operators)
        {
            foreach (var pickup in PickupRates)
            {
                foreach (var talk in TalkMeans)
                {
                    yield return Make("base", operators, pickup, talk, configured: pickup, change: null);
                }
            }
        }

        // The shifts at the middle talk time: the truth moves, or the supervisor's guess is wrong.
        foreach (var operators in Operators)
        {
            foreach (var pickup in PickupRates)
            {
                yield return Make("halves", operators, pickup, 180, configured: pickup, change: pickup / 2);
                yield return Make("config-half", operators, pickup, 180, configured: pickup / 2, change: null);
                yield return Make("config-double", operators, pickup, 180, configured: Math.Min(1, pickup * 2), change: null);
            }
        }
    }

    private static Cell Make(string shift, int operators, double pickup, double talk, double configured, double? change)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{shift}-op{operators}-p{pickup:0.0}-t{talk:0}");
        var changes = change is { } halved
            ? string.Create(CultureInfo.InvariantCulture, $",\n  \"changes\": [ {{ \"atMinute\": 240, \"pickupRate\": {halved:0.###} }} ]")
            : "";
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "name": "{{key}}",
              "operators": {{operators}},
              "hours": 8,
              "pickupRate": {{pickup:0.###}},
              "configuredPickupRate": {{configured:0.###}},
              "busyRate": 0.05,
              "invalidRate": 0.02,
              "machineRate": 0.0,
              "ringSeconds": { "dist": "lognormal", "mean": 12, "sd": 6 },
              "noAnswerTimeoutSeconds": 20,
              "talkSeconds": { "dist": "lognormal", "mean": {{talk:0}}, "sd": {{talk * 2 / 3:0}} },
              "wrapUpSeconds": { "dist": "fixed", "value": 25 },
              "patienceSeconds": 2{{changes}}
            }

            """);
        return new Cell(key, shift, operators, pickup, talk, json);
    }
}
