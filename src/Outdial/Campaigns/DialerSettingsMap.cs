using Outdial.Dialing;
using Outdial.Dialing.Pacing;
using Outdial.Settings;
using CoreRotation = Outdial.Dialing.CallerIdRotation;
using CoreSettings = Outdial.Dialing.CampaignSettings;

namespace Outdial.Campaigns;

/// <summary>
/// The one translation from a campaign as supervisors define it (with the tenant's settings) to
/// what the dialer core runs: mode, pickup rate, times, calling window, caller IDs and the pacing
/// policy (docs/engine.md). The campaign engine builds each campaign's dialer from it.
/// </summary>
public static class DialerSettingsMap
{
    /// <param name="callerIdNumbers">The tenant's caller-ID numbers (E.164) by id; ids not found are left out.</param>
    /// <param name="seed">The seed of the random caller-ID rotation, so that a replay chooses the same numbers.</param>
    /// <exception cref="InvalidInputProblem">The calling hours have no day at all: the campaign could never call anyone.</exception>
    public static CoreSettings ToDialer(CampaignSettings settings, TenantSettings tenant, IReadOnlyDictionary<Guid, string> callerIdNumbers, int seed) => new()
    {
        Mode = settings.Mode switch
        {
            CampaignMode.Preview => DialingMode.Preview,
            CampaignMode.Progressive => DialingMode.Progressive,
            _ => DialingMode.Predictive,
        },

        // Only predictive campaigns validate the rate; the others keep whatever the form held.
        ConfiguredPickupRate = new PickupRate(Math.Clamp(settings.PickupRatePercent, 1, 100) / 100.0),
        BeforeCallWork = TimeSpan.FromSeconds(settings.BcwSeconds),
        RingTimeout = RingTimeout.FromSeconds(settings.RingTimeoutSeconds),
        RetryDelay = TimeSpan.FromMinutes(settings.RetryDelayMinutes),
        MaxAttempts = settings.MaxAttempts,
        CallingWindow = ToWindow(settings.CallingHours ?? tenant.CallingHours),
        DefaultTimeZone = TimeZoneInfo.FindSystemTimeZoneById(tenant.DefaultTimeZone),
        CallerIds = [.. settings.CallerIds.Where(callerIdNumbers.ContainsKey).Select(id => E164Number.Parse(callerIdNumbers[id]))],
        CallerIdRotation = settings.Rotation switch
        {
            CallerIdRotation.Random => CoreRotation.Random,
            CallerIdRotation.CountryMatch => CoreRotation.CountryMatch,
            _ => CoreRotation.RoundRobin,
        },
        Seed = seed,
        Rules = CampaignRules.Of(settings),
    };

    /// <summary>The pacing policy of a predictive campaign (adaptive under the tenant's abandon cap, or the fixed ratio); <c>null</c> for the other modes.</summary>
    /// <param name="ledger">The running campaign's abandon history, for a policy that takes over from another.</param>
    public static IPacingPolicy? PacingFor(CampaignSettings settings, TenantSettings tenant, AbandonLedger? ledger = null) =>
        settings.Mode != CampaignMode.Predictive ? null
        : settings.Pacing == PredictivePacing.FixedRatio ? new FixedRatioPacing()
        : new AdaptivePacing(new AdaptivePacingOptions { AbandonCap = tenant.AbandonRateCap }, ledger);

    /// <summary>The campaign's pacing under the tenant's abandon cap, as a campaign actor starts or changes it.</summary>
    public static CampaignPacing PacingOf(CampaignSettings settings, TenantSettings tenant) =>
        new(tenant.AbandonRateCap, ledger => PacingFor(settings, tenant, ledger));

    public static CallingWindow ToWindow(CallingHours hours) => hours.Days.Count == 0
        ? throw new InvalidInputProblem("callingHours", "No day has calling hours, so the campaign could never call anyone; give at least one day a window.")
        : new CallingWindow(hours.Days.Select(d => new DayWindow(d.Day, d.From, d.To)));
}

/// <summary>How a campaign paces its dials: the abandon cap it answers to, and its policy built over the campaign's abandon history (null outside predictive mode).</summary>
public sealed record CampaignPacing(double AbandonCap, Func<AbandonLedger, IPacingPolicy?> Build);
