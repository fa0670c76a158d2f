using System.Text.Json;
using System.Net;
using System.Net.Http.Json;
using Outdial.Campaigns;
using Outdial.Persistence;
using Outdial.Settings;
using Outdial.Testing;

namespace Outdial.Tests.Campaigns;

public sealed class CampaignsApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(OutdialApp App, HttpClient Client, Guid GroupId)> SetUpAsync(DatabaseProvider provider, PostgresServer postgres)
    {
        var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        using var group = await client.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20 }, Cancel);
        return (app, client, (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_campaign_is_created_as_a_draft_and_its_settings_round_trip(DatabaseProvider provider)
    {
        var (app, client, groupId) = await SetUpAsync(provider, postgres);
        await using var _ = app;

        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Winter offer", mode = "predictive", pickupRatePercent = 40, routingGroupId = groupId, goal = "none",
            resultCodes = new[] { new { name = "Sale", category = "success", isFinal = true }, new { name = "Later", category = "callback", isFinal = false } },
            callingHours = new[] { new { day = "monday", from = "09:00", to = "17:00" } }, maxAttempts = 4, ringTimeoutSeconds = 30, phoneField = "mobile", pacing = "fixedRatio",
        }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        var read = await client.GetFromJsonAsync<CampaignsApi.CampaignResponse>($"/api/v1/campaigns/{campaign.Id}", JsonDefaults.Options, Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((CampaignState.Draft, CampaignMode.Predictive, 40, CampaignGoal.None, "telephone"), (read!.State, read.Mode, read.PickupRatePercent, read.Goal, read.Type));
        Assert.Equal(["Sale", "Later"], read.ResultCodes.Select(r => r.Name));
        Assert.Equal(DayOfWeek.Monday, Assert.Single(read.CallingHours!).Day);
        Assert.Equal(("mobile", 4, 30), (read.PhoneField, read.MaxAttempts, read.RingTimeoutSeconds));
        Assert.Equal(PredictivePacing.FixedRatio, read.Pacing);
    }

    [Fact]
    public async Task Rules_and_the_call_script_are_stored_as_given_and_kept_by_a_clone()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        using var script = await client.PostAsJsonAsync("/api/v1/call-scripts", new { name = "Greeting", elements = new[] { new { key = "hello", kind = "text", text = "Hello {firstName}" } } }, Cancel);
        var scriptId = (await OutdialApp.ReadAsync<Outdial.Scripts.CallScriptsApi.CallScriptResponse>(script)).Id;
        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "With rules", mode = "preview", routingGroupId = groupId, callScriptId = scriptId,
            rules = new object[]
            {
                new { when = new { dialResults = new[] { "busy" } }, then = new object[] { new { action = "callAgain", afterMinutes = 30 } } },
                new { when = new { attempts = new { op = "gte", value = 3 } }, then = new object[] { new { action = "finish", outcome = "failed" } } },
            },
        }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        using var cloned = await client.PostAsync($"/api/v1/campaigns/{campaign.Id}/clone", null, Cancel);
        var clone = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(cloned);

        Assert.Equal(scriptId, campaign.CallScriptId);
        Assert.Equal(2, campaign.Rules.GetArrayLength());
        Assert.Equal(30, campaign.Rules[0].GetProperty("then")[0].GetProperty("afterMinutes").GetInt32());
        Assert.Equal(campaign.Rules.GetRawText(), clone.Rules.GetRawText());
        Assert.Equal(scriptId, clone.CallScriptId);

        using var noRules = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Plain", mode = "preview", routingGroupId = groupId }, Cancel);
        Assert.Equal(0, (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(noRules)).Rules.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"GROUP","rules":{"when":{}}}""", "JSON array")]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"GROUP","rules":[1,2]}""", "Each rule is a JSON object")]
    public async Task Rules_that_are_not_a_list_of_objects_are_a_400(string json, string message)
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;

        using var response = await client.PostAsync("/api/v1/campaigns", new StringContent(json.Replace("GROUP", groupId.ToString()), System.Text.Encoding.UTF8, "application/json"), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Contains(message, Assert.Single(problem.Errors!["rules"]));
    }

    [Fact]
    public async Task Predictive_campaigns_pace_adaptively_unless_told_otherwise()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;

        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Spring", mode = "predictive", pickupRatePercent = 25, routingGroupId = groupId }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        var json = await client.GetStringAsync($"/api/v1/campaigns/{campaign.Id}", Cancel);

        Assert.Equal(PredictivePacing.Adaptive, campaign.Pacing);
        Assert.Contains("\"pacing\":\"adaptive\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"X","mode":"preview","bcwSeconds":601,"routingGroupId":"GROUP"}""", "bcwSeconds")]
    [InlineData("""{"name":"X","mode":"predictive","pickupRatePercent":0,"routingGroupId":"GROUP"}""", "pickupRatePercent")]
    [InlineData("""{"name":"X","mode":"predictive","pacing":"turbo","routingGroupId":"GROUP"}""", "pacing")]
    [InlineData("""{"name":"X","mode":"preview"}""", "routingGroupId")]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""", "routingGroupId")]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"GROUP","callerIds":["6f9619ff-8b86-d011-b42d-00cf4fc964ff"]}""", "callerIds[0]")]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"GROUP","ringTimeoutSeconds":10}""", "ringTimeoutSeconds")]
    [InlineData("""{"name":"X","mode":"preview","routingGroupId":"GROUP","filterId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""", "filterId")]
    public async Task Impossible_settings_are_a_400_naming_what_to_fix(string json, string field)
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;

        using var response = await client.PostAsync("/api/v1/campaigns", new StringContent(json.Replace("GROUP", groupId.ToString()), System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Contains(field, (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task The_lifecycle_runs_and_refuses_what_the_state_does_not_allow()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Lifecycle", mode = "progressive", routingGroupId = groupId }, Cancel);
        var id = (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created)).Id;

        using var noContacts = await client.PostAsync($"/api/v1/campaigns/{id}/start", null, Cancel);
        Assert.Contains("No contact matches", (await Problem.ReadAsync(noContacts)).Detail);

        await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Callee", phones = new[] { new { number = "777123456", label = "mobile" } } }, Cancel);
        Assert.Equal(CampaignState.Running, (await StateAfter(client, id, "start")));
        using var again = await client.PostAsync($"/api/v1/campaigns/{id}/start", null, Cancel);
        var problem = await Problem.ReadAsync(again);
        Assert.Equal(409, problem.Status);
        Assert.Contains("running", problem.Detail);
        Assert.Equal(CampaignState.Paused, await StateAfter(client, id, "pause"));
        Assert.Equal(CampaignState.Running, await StateAfter(client, id, "resume"));
        Assert.Equal(409, (await Problem.ReadAsync(await client.DeleteAsync($"/api/v1/campaigns/{id}", Cancel))).Status);
        Assert.Equal(CampaignState.Cancelled, await StateAfter(client, id, "cancel"));

        using var cloned = await client.PostAsync($"/api/v1/campaigns/{id}/clone", null, Cancel);
        var clone = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(cloned);
        Assert.Equal((CampaignState.Draft, "Lifecycle (copy)", CampaignMode.Progressive), (clone.State, clone.Name, clone.Mode));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{clone.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_group_that_a_campaign_routes_to_cannot_be_deleted()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Needs the group", mode = "preview", routingGroupId = groupId }, Cancel);

        using var response = await client.DeleteAsync($"/api/v1/operator-groups/{groupId}", Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(409, problem.Status);
        Assert.Contains("'Needs the group'", problem.Detail);
    }

    [Fact]
    public async Task Campaign_endpoints_answer_that_the_feature_is_off_when_it_is()
    {
        var (app, client, _) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var __ = app;
        var store = app.Get<TenantSettingsStore>();
        var current = await store.GetAsync(Cancel);
        await store.ChangeAsync(current.DefaultRegion, current.DefaultTimeZone, current.CallingHours, current.AbandonRateCap, campaignsEnabled: false, Cancel);

        using var list = await client.GetAsync("/api/v1/campaigns", Cancel);
        using var create = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Off", mode = "preview" }, Cancel);

        Assert.Equal(CampaignsFeature.TurnedOff, (await Problem.ReadAsync(list)).Detail);
        Assert.Equal(403, (await Problem.ReadAsync(create)).Status);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_filter_built_in_place_selects_the_records_when_the_campaign_starts(DatabaseProvider provider)
    {
        var (app, client, groupId) = await SetUpAsync(provider, postgres);
        await using var _ = app;
        foreach (var (name, number) in new[] { ("Anna", "777123401"), ("Boris", "777123402"), ("Anežka", "777123403") })
        {
            using var contact = await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = name, phones = new[] { new { number, label = "mobile" } } }, Cancel);
            contact.EnsureSuccessStatusCode();
        }

        var filter = new { field = "firstName", op = "startsWith", value = "An" };
        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Only An…", mode = "preview", routingGroupId = groupId, filter }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        Assert.Equal("startsWith", campaign.Filter!.Value.GetProperty("op").GetString());
        Assert.Equal(CampaignState.Running, await StateAfter(client, campaign.Id, "start"));

        var records = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign.Id}/records", Cancel);
        Assert.Equal(2, records.GetProperty("total").GetInt32());
        using var cloned = await client.PostAsync($"/api/v1/campaigns/{campaign.Id}/clone", null, Cancel);
        Assert.Equal(campaign.Filter.Value.GetRawText(), (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(cloned)).Filter!.Value.GetRawText());
    }

    [Fact]
    public async Task The_list_filters_by_type_and_names_the_only_type_there_is()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        using (var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Calls", mode = "preview", routingGroupId = groupId }, Cancel))
        {
            created.EnsureSuccessStatusCode();
        }

        var telephone = await client.GetFromJsonAsync<Page<CampaignsApi.CampaignResponse>>("/api/v1/campaigns?type=telephone", JsonDefaults.Options, Cancel);
        var email = await Problem.ReadAsync(await client.GetAsync("/api/v1/campaigns?type=email", Cancel));

        Assert.Equal("telephone", Assert.Single(telephone!.Items).Type);
        Assert.Equal(400, email.Status);
        Assert.Contains("type", email.Errors!.Keys);
    }

    [Fact]
    public async Task The_lists_filter_by_state_and_mode_written_as_the_responses_write_them()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Callee", phones = new[] { new { number = "777123456", label = "mobile" } } }, Cancel);
        using var preview = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Preview", mode = "preview", routingGroupId = groupId }, Cancel);
        using var predictive = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Predictive", mode = "predictive", routingGroupId = groupId }, Cancel);
        var running = (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(predictive)).Id;
        Assert.Equal(CampaignState.Running, await StateAfter(client, running, "start"));

        async Task<string[]> NamesAsync(string query) =>
            [.. (await client.GetFromJsonAsync<Page<CampaignsApi.CampaignResponse>>($"/api/v1/campaigns?{query}", JsonDefaults.Options, Cancel))!.Items.Select(c => c.Name)];

        Assert.Equal(["Predictive"], await NamesAsync("state=running"));
        Assert.Equal(["Preview"], await NamesAsync("state=Draft&mode=preview"));
        Assert.Equal(["Predictive"], await NamesAsync("mode=PREDICTIVE"));
        var records = await client.GetFromJsonAsync<Page<CampaignsApi.RecordResponse>>($"/api/v1/campaigns/{running}/records?state=initial", JsonDefaults.Options, Cancel);
        Assert.Single(records!.Items);
        Assert.Empty((await client.GetFromJsonAsync<Page<CampaignsApi.RecordResponse>>($"/api/v1/campaigns/{running}/records?state=invalidRecord", JsonDefaults.Options, Cancel))!.Items);

        foreach (var wrong in new[] { "/api/v1/campaigns?state=active", "/api/v1/campaigns?state=0", "/api/v1/campaigns?state=running,paused", $"/api/v1/campaigns/{running}/records?state=running" })
        {
            var problem = await Problem.ReadAsync(await client.GetAsync(wrong, Cancel));
            Assert.Equal(400, problem.Status);
            Assert.Contains("state", problem.Errors!.Keys);
        }

        var listed = await Problem.ReadAsync(await client.GetAsync("/api/v1/campaigns?mode=auto", Cancel));
        Assert.Contains("Use one of: preview, predictive, progressive", listed.Detail);
    }

    [Fact]
    public async Task A_filter_built_in_place_is_checked_like_a_saved_one()
    {
        var (app, client, groupId) = await SetUpAsync(DatabaseProvider.Sqlite, postgres);
        await using var _ = app;
        using var saved = await client.PostAsJsonAsync("/api/v1/contact-filters", new { name = "Everyone", definition = new { field = "firstName", op = "isNotEmpty" } }, Cancel);
        var savedId = (await OutdialApp.ReadAsync<JsonElement>(saved)).GetProperty("id").GetGuid();

        var both = await Problem.ReadAsync(await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Both", mode = "preview", routingGroupId = groupId, filterId = savedId, filter = new { field = "firstName", op = "isEmpty" },
        }, Cancel));
        var unknownField = await Problem.ReadAsync(await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Unknown", mode = "preview", routingGroupId = groupId, filter = new { field = "custom:shoeSize", op = "eq", value = "42" },
        }, Cancel));

        Assert.Contains("filter", both.Errors!.Keys);
        Assert.Contains(unknownField.Errors!.Keys, k => k.StartsWith("filter", StringComparison.Ordinal));
    }

    private static async Task<CampaignState> StateAfter(HttpClient client, Guid id, string action)
    {
        using var response = await client.PostAsync($"/api/v1/campaigns/{id}/{action}", null, Cancel);
        return (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(response)).State;
    }
}
