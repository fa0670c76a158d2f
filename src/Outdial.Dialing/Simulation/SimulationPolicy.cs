using System.Globalization;
using Outdial.Dialing.Pacing;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// A pacing policy the simulator can run, with an optional aggressiveness setting that
/// <c>--frontier</c> sweeps. Each one is either a shipping mode of the core (progressive, fixed)
/// or a simulator-only policy plugged into the core's <see cref="IPacingPolicy"/> seam.
/// </summary>
public sealed record SimulationPolicy(string Name, double? Aggressiveness = null)
{
    public static IReadOnlyList<string> Names { get; } = ["progressive", "fixed", "vicidial", "adaptive", "oracle"];

    /// <summary>
    /// What the aggressiveness means for each policy and the values <c>--frontier</c> sweeps:
    /// fixed — dials per free operator; vicidial — diffTarget as a share of the operators (positive
    /// wants answered calls waiting, negative wants operators waiting); adaptive — the abandon rate it
    /// aims at (its cap and guard move with it). Progressive and oracle have nothing to turn.
    /// </summary>
    public IReadOnlyList<double> FrontierSweep => Name switch
    {
        "fixed" => [.. Enumerable.Range(0, 29).Select(i => 1 + (i * 0.25))],
        "vicidial" => [.. Enumerable.Range(0, 21).Select(i => -0.5 + (i * 0.05))],
        "adaptive" => [.. Enumerable.Range(1, 20).Select(i => i * 0.005)],
        _ => [],
    };

    /// <summary>The shipping defaults, or with the aggressiveness as the abandon rate aimed at.</summary>
    private AdaptivePacingOptions AdaptiveOptions()
    {
        var defaults = new AdaptivePacingOptions();
        return Aggressiveness is { } target
            ? defaults with { AbandonCap = Math.Min(0.9, target / defaults.TargetShareOfCap) }
            : defaults;
    }

    public string Describe() => Aggressiveness is { } a ? string.Create(CultureInfo.InvariantCulture, $"{Name}@{a:0.###}") : Name;

    public static SimulationPolicy Parse(string name)
    {
        var normalised = name.Trim().ToLowerInvariant();
        return Names.Contains(normalised)
            ? new SimulationPolicy(normalised)
            : throw new FormatException($"Unknown policy '{name}': use {string.Join(", ", Names)}.");
    }

    internal (DialingMode Mode, IPacingPolicy? Pacing) Build(Scenario scenario, SimulatedCarrier carrier, DateTimeOffset start, TimeSpan ringTimeout)
    {
        var configured = scenario.Phases[0].ConfiguredPickupRate;
        return Name switch
        {
            "progressive" => (DialingMode.Progressive, null),
            "fixed" => (DialingMode.Predictive, Aggressiveness is { } ratio ? new FixedRatioPacing(ratio) : new FixedRatioPacing()),
            "vicidial" => (DialingMode.Predictive, new VicidialPacing(
                start,
                initialLevel: 1,
                diffTarget: (Aggressiveness ?? 0) * scenario.Operators,

                // The supervisor sets the latest target time to the end of the shift, as VICIdial's
                // manual advises: the time by which the day must be at or below the drop percentage.
                latestTarget: TimeOnly.FromDateTime((start + TimeSpan.FromHours(scenario.Hours)).DateTime))),
            "adaptive" => (DialingMode.Predictive, new AdaptivePacing(AdaptiveOptions())),
            "oracle" => (DialingMode.Predictive, new OraclePacing(carrier, scenario.Operators, start, ringTimeout)),
            _ => throw new InvalidOperationException($"No policy '{Name}'."),
        };
    }
}
