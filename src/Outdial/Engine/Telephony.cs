using Microsoft.Extensions.Options;
using Outdial.Dialing;
using Outdial.Dialing.Simulation;
using Outdial.Dialing.Telephony;

namespace Outdial.Engine;

/// <summary>Configuration section <c>Telephony</c>: which network the engine dials through.</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    /// <summary><c>Simulated</c> (default): a simulated carrier; <c>Sip</c>: the built-in SIP user agent and its trunks (<c>Telephony:Sip</c>, docs/sip.md).</summary>
    public string Provider { get; set; } = "Simulated";

    /// <summary>A scenario file (benchmarks.md §1 format) for the simulated carrier; empty for the built-in one.</summary>
    public string? Scenario { get; set; }

    /// <summary>Seed of the simulated carrier; each campaign adds its own offset.</summary>
    public int Seed { get; set; } = 1;
}

/// <summary>Opens the telephony port for one campaign: its calls, and where their progress goes.</summary>
public interface ITelephonyProvider
{
    ICallControl Open(Guid campaignId, ICampaignLine campaign);

    /// <summary>Calls the network carries at once (the trunks' channels), or null for no limit; the dialer plans within it.</summary>
    int? ChannelLimit => null;

    /// <summary>What the provider is and how its lines are, for administrators.</summary>
    TelephonyStatus Status { get; }
}

/// <summary>The telephony provider at a glance (<c>GET /api/v1/telephony</c>, Settings → Phone numbers).</summary>
/// <param name="Listening">Where the SIP user agent listens (UDP and TCP), null for the simulated carrier.</param>
public sealed record TelephonyStatus(string Provider, string Description, string? Listening, IReadOnlyList<TrunkStatus> Trunks);

/// <summary>One SIP trunk: where calls go, whether it registers and is registered now, its channels.</summary>
public sealed record TrunkStatus(string Address, string Transport, bool Registers, bool? Registered, string? Error, int? Channels);

/// <summary>What a campaign tells its telephony adapter besides call progress: who its operators are.</summary>
public interface ICampaignLine : ICallProgressSink
{
    /// <summary>The user behind a dialer operator id; called only from inside the adapter's <see cref="ICallControl"/> methods.</summary>
    Guid UserOf(OperatorId op);

    /// <summary>The operator's own phone rang, answered or failed (SIP); shown on their desk. Any thread.</summary>
    void ReportOperatorPhone(OperatorId op, OperatorPhoneState state, string? detail = null);
}

/// <summary>What an operator's phone did while Outdial connected a call to it.</summary>
public enum OperatorPhoneState
{
    Ringing,
    Answered,
    Failed,
}

/// <summary>
/// The simulated carrier in real time, one per campaign (call numbers are per campaign). Without a
/// scenario file people answer a third of the calls after a few seconds and talk for about a
/// minute, so that a site without phone lines sees calls flow at a human pace.
/// </summary>
public sealed class SimulatedTelephony(IOptions<TelephonyOptions> options, TimeProvider clock) : ITelephonyProvider
{
    public const string BuiltInScenario = """
        {
          "name": "built-in",
          "operators": 1,
          "pickupRate": 0.35, "busyRate": 0.10, "invalidRate": 0.02,
          "ringSeconds": { "dist": "uniform", "min": 2, "max": 8 },
          "talkSeconds": { "dist": "lognormal", "mean": 60, "sd": 30 },
          "wrapUpSeconds": { "dist": "fixed", "value": 5 },
          "patienceSeconds": 4
        }
        """;

    private readonly Scenario _scenario = string.IsNullOrWhiteSpace(options.Value.Scenario)
        ? Scenario.Parse(BuiltInScenario)
        : Scenario.Load(options.Value.Scenario);

    public TelephonyStatus Status => new(
        "Simulated",
        string.IsNullOrWhiteSpace(options.Value.Scenario)
            ? "A simulated carrier: no real phone is called (people answer a third of the calls after a few seconds). Set Telephony:Provider to Sip to call through your trunks."
            : $"A simulated carrier following the scenario {Path.GetFileName(options.Value.Scenario)}: no real phone is called.",
        null,
        []);

    public ICallControl Open(Guid campaignId, ICampaignLine campaign)
    {
        var seed = options.Value.Seed ^ campaignId.GetHashCode();
        return new SimulatedCallControl(new SimulatedCarrier(_scenario, seed, clock.GetUtcNow()), clock, campaign);
    }
}
