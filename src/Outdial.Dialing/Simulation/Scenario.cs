using System.Text.Json;

namespace Outdial.Dialing.Simulation;

/// <summary>What is true about the called people and the operators during part of a shift.</summary>
/// <param name="PickupRate">Probability that a dial is answered by a live person.</param>
/// <param name="PatienceSeconds">A live answer not connected within this time hangs up.</param>
public sealed record CarrierTruth(
    double PickupRate,
    double BusyRate,
    double InvalidRate,
    double MachineRate,
    Distribution RingSeconds,
    Distribution TalkSeconds,
    Distribution WrapUpSeconds,
    double PatienceSeconds)
{
    public void Validate()
    {
        if (PickupRate < 0 || BusyRate < 0 || InvalidRate < 0 || MachineRate < 0 || PickupRate + BusyRate + InvalidRate + MachineRate > 1 + 1e-9)
        {
            throw new FormatException("pickupRate, busyRate, invalidRate and machineRate are shares that add up to at most 1.");
        }
    }
}

/// <summary>A change of the truth (and possibly of the configured pickup rate) from a minute of the shift on.</summary>
public sealed record ScenarioPhase(double FromMinute, CarrierTruth Truth, double ConfiguredPickupRate);

/// <summary>A pacing scenario: the file format of benchmarks.md §1.</summary>
public sealed record Scenario
{
    public string Name { get; init; } = "scenario";

    public int Operators { get; init; }

    public double Hours { get; init; } = 8;

    public double NoAnswerTimeoutSeconds { get; init; } = 20;

    /// <summary>Phases in time order; the first starts at minute 0.</summary>
    public IReadOnlyList<ScenarioPhase> Phases { get; init; } = [];

    public ScenarioPhase PhaseAt(double minute) => Phases[PhaseIndexAt(minute)];

    /// <summary>The index in <see cref="Phases"/> of the phase in force at <paramref name="minute"/>.</summary>
    public int PhaseIndexAt(double minute)
    {
        var index = 0;
        while (index + 1 < Phases.Count && Phases[index + 1].FromMinute <= minute)
        {
            index++;
        }

        return index;
    }

    public static Scenario Load(string path) => Parse(File.ReadAllText(path));

    /// <exception cref="FormatException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (!root.TryGetProperty("operators", out var operators) || operators.GetInt32() < 1)
        {
            throw new FormatException("A scenario needs \"operators\" (at least 1).");
        }

        var truth = new CarrierTruth(
            PickupRate: 0.30,
            BusyRate: 0.05,
            InvalidRate: 0.02,
            MachineRate: 0.0,
            RingSeconds: new LogNormalDistribution(12, 6),
            TalkSeconds: new LogNormalDistribution(180, 120),
            WrapUpSeconds: new FixedDistribution(25),
            PatienceSeconds: 2);
        truth = Apply(truth, root);
        var configured = root.TryGetProperty("configuredPickupRate", out var c) ? c.GetDouble() : truth.PickupRate;
        var phases = new List<ScenarioPhase> { new(0, truth, configured) };
        if (root.TryGetProperty("changes", out var changes))
        {
            foreach (var change in changes.EnumerateArray().OrderBy(ch => ch.GetProperty("atMinute").GetDouble()))
            {
                var previous = phases[^1];
                phases.Add(new ScenarioPhase(
                    change.GetProperty("atMinute").GetDouble(),
                    Apply(previous.Truth, change),
                    change.TryGetProperty("configuredPickupRate", out var cc) ? cc.GetDouble() : previous.ConfiguredPickupRate));
            }
        }

        foreach (var phase in phases)
        {
            phase.Truth.Validate();
            if (!(phase.ConfiguredPickupRate > 0 && phase.ConfiguredPickupRate <= 1))
            {
                throw new FormatException("configuredPickupRate is a share in (0, 1].");
            }
        }

        return new Scenario
        {
            Name = root.TryGetProperty("name", out var name) ? name.GetString() ?? "scenario" : "scenario",
            Operators = operators.GetInt32(),
            Hours = root.TryGetProperty("hours", out var hours) ? hours.GetDouble() : 8,
            NoAnswerTimeoutSeconds = root.TryGetProperty("noAnswerTimeoutSeconds", out var timeout) ? timeout.GetDouble() : 20,
            Phases = phases,
        };
    }

    private static CarrierTruth Apply(CarrierTruth truth, JsonElement json)
    {
        double Number(string name, double current) => json.TryGetProperty(name, out var v) ? v.GetDouble() : current;
        Distribution Dist(string name, Distribution current) => json.TryGetProperty(name, out var v) ? Distribution.FromJson(v) : current;
        return new CarrierTruth(
            Number("pickupRate", truth.PickupRate),
            Number("busyRate", truth.BusyRate),
            Number("invalidRate", truth.InvalidRate),
            Number("machineRate", truth.MachineRate),
            Dist("ringSeconds", truth.RingSeconds),
            Dist("talkSeconds", truth.TalkSeconds),
            Dist("wrapUpSeconds", truth.WrapUpSeconds),
            Number("patienceSeconds", truth.PatienceSeconds));
    }
}
