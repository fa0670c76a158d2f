using System.Net.Http.Json;
using Outdial.Persistence;
using Outdial.Settings;
using Outdial.Testing;

namespace Outdial.Tests.Settings;

public sealed class SettingsApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Settings(bool campaignsEnabled, double cap = 3, string region = "CZ", bool noHours = false) => new
    {
        defaultRegion = region,
        defaultTimeZone = "Europe/Prague",
        callingHours = noHours ? [] : new[] { new { day = "monday", from = "09:00", to = "17:00" }, new { day = "saturday", from = "10:00", to = "12:00" } },
        abandonRateCapPercent = cap,
        campaignsEnabled,
    };

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Settings_start_with_defaults_and_change(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();

        var defaults = await admin.GetFromJsonAsync<SettingsApi.SettingsResponse>("/api/v1/settings", JsonDefaults.Options, Cancel);
        Assert.Equal(3, defaults!.AbandonRateCapPercent);
        Assert.True(defaults.CampaignsEnabled);
        Assert.Equal(5, defaults.CallingHours.Count);

        using var response = await admin.PutAsJsonAsync("/api/v1/settings", Settings(campaignsEnabled: false, cap: 2.5), Cancel);
        var changed = await OutdialApp.ReadAsync<SettingsApi.SettingsResponse>(response);

        Assert.False(changed.CampaignsEnabled);
        Assert.Equal(2.5, changed.AbandonRateCapPercent);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Saturday], changed.CallingHours.Select(d => d.Day));
    }

    [Theory]
    [InlineData("XX", 3, false, "defaultRegion")]
    [InlineData("CZ", 25, false, "abandonRateCapPercent")]
    [InlineData("CZ", 3, true, "callingHours")]
    public async Task Impossible_settings_are_a_400_naming_the_field(string region, double cap, bool noHours, string field)
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        using var response = await admin.PutAsJsonAsync("/api/v1/settings", Settings(true, cap, region, noHours), Cancel);

        Assert.Contains(field, (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task Campaign_endpoints_are_refused_with_a_problem_while_the_feature_is_off()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var store = app.Get<TenantSettingsStore>();
        Assert.Null(await CampaignsFeature.RefusalAsync(store, Cancel));

        var current = await store.GetAsync(Cancel);
        await store.ChangeAsync(current.DefaultRegion, current.DefaultTimeZone, current.CallingHours, current.AbandonRateCap, campaignsEnabled: false, Cancel);

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(await CampaignsFeature.RefusalAsync(store, Cancel));
        Assert.Equal(403, problem.StatusCode);
        Assert.Equal(CampaignsFeature.TurnedOff, problem.ProblemDetails.Detail);
    }
}
