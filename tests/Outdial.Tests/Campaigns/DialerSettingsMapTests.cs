using CsCheck;
using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Dialing.Pacing;
using Outdial.Settings;

namespace Outdial.Tests.Campaigns;

public sealed class DialerSettingsMapTests
{
    private static readonly Guid Prague = Guid.NewGuid();
    private static readonly Guid London = Guid.NewGuid();
    private static readonly Dictionary<Guid, string> Numbers = new() { [Prague] = "+420222111333", [London] = "+442071234567" };

    private static Outdial.Campaigns.CampaignSettings Settings(CampaignMode mode = CampaignMode.Predictive, CallingHours? hours = null) => new(
        "Winter offer", "", mode, BcwSeconds: 15, PickupRatePercent: 40, RoutingGroupId: Guid.NewGuid(), CampaignGoal.AllContactsProcessed,
        Outdial.Campaigns.CampaignSettings.DefaultResultCodes, [London, Guid.NewGuid(), Prague], Outdial.Campaigns.CallerIdRotation.CountryMatch, hours,
        MaxAttempts: 4, RingTimeoutSeconds: 30, RetryDelayMinutes: 90, Outdial.Campaigns.CampaignSettings.FirstValidPhone, FilterId: null);

    private static TenantSettings Tenant(double abandonCap = 0.03)
    {
        var tenant = new TenantSettings();
        tenant.ChangeDialling(CallingHours.Parse("Mon 09:00-17:00; Sat 10:00-12:00"), abandonCap, campaignsEnabled: true);
        return tenant;
    }

    [Fact]
    public void Every_setting_the_dialer_reads_comes_from_the_campaign_or_the_tenant()
    {
        var dialer = DialerSettingsMap.ToDialer(Settings(), Tenant(), Numbers, seed: 7);

        Assert.Equal(DialingMode.Predictive, dialer.Mode);
        Assert.Equal(0.4, dialer.ConfiguredPickupRate.Value, precision: 9);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(90), 4), (dialer.BeforeCallWork, dialer.RingTimeout.Duration, dialer.RetryDelay, dialer.MaxAttempts));
        Assert.Equal("Europe/Prague", dialer.DefaultTimeZone.Id);

        // An id that is no tenant number any more is left out; the order is the campaign's.
        Assert.Equal(["+442071234567", "+420222111333"], dialer.CallerIds.Select(n => n.E164));
        Assert.Equal((Outdial.Dialing.CallerIdRotation.CountryMatch, 7), (dialer.CallerIdRotation, dialer.Seed));

        // No hours of its own: the tenant's.
        Assert.Equal(["Monday", "Saturday"], dialer.CallingWindow!.Days.Select(d => d.Day.ToString()));
    }

    [Fact]
    public void Preview_and_progressive_need_no_pacing_policy_and_no_valid_pickup_rate()
    {
        var preview = Settings(CampaignMode.Preview) with { PickupRatePercent = 0 };

        Assert.Equal(DialingMode.Preview, DialerSettingsMap.ToDialer(preview, Tenant(), Numbers, 1).Mode);
        Assert.Equal(DialingMode.Progressive, DialerSettingsMap.ToDialer(Settings(CampaignMode.Progressive), Tenant(), Numbers, 1).Mode);
        Assert.Null(DialerSettingsMap.PacingFor(preview, Tenant()));
        Assert.Null(DialerSettingsMap.PacingFor(Settings(CampaignMode.Progressive), Tenant()));
    }

    [Fact]
    public void Predictive_campaigns_pace_adaptively_under_the_tenants_cap_or_by_the_fixed_ratio()
    {
        var adaptive = Assert.IsType<AdaptivePacing>(DialerSettingsMap.PacingFor(Settings(), Tenant(abandonCap: 0.05)));

        Assert.Equal(0.05, adaptive.Options.AbandonCap, precision: 9);
        Assert.IsType<FixedRatioPacing>(DialerSettingsMap.PacingFor(Settings() with { Pacing = PredictivePacing.FixedRatio }, Tenant()));
    }

    [Fact]
    public void Calling_hours_with_no_day_are_refused_with_what_to_do()
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => DialerSettingsMap.ToDialer(Settings(hours: CallingHours.Parse("")), Tenant(), Numbers, 1));

        Assert.Contains("at least one day", Assert.Single(problem.Errors["callingHours"]));
    }

    [Fact]
    public void The_dialers_window_is_open_exactly_when_the_campaigns_calling_hours_are() =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 22], Gen.Int[1, 8], Gen.Long[0, 60L * 24 * 60 * 14], Gen.OneOf("Europe/Prague", "America/New_York", "Asia/Tokyo", "UTC"))
            .Sample(
                (day, from, length, minute, zoneId) =>
                {
                    var to = Math.Min(from + length, 23);
                    var hours = new CallingHours([new DayHours((DayOfWeek)day, new TimeOnly(from, 0), new TimeOnly(to, 59))]);
                    var window = DialerSettingsMap.ToWindow(hours);
                    var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                    var instant = new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute);

                    Assert.Equal(hours.IsOpen(instant, zone), window.IsOpenAt(instant, zone));
                },
                iter: 2000);
}
