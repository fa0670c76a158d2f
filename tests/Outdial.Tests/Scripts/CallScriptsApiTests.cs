using System.Net;
using System.Net.Http.Json;
using Outdial.Campaigns;
using Outdial.Persistence;
using Outdial.Scripts;
using Outdial.Testing;

namespace Outdial.Tests.Scripts;

public sealed class CallScriptsApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly object[] Elements =
    [
        new { key = "intro", kind = "text", text = "Hello {firstName}, this is Outdial." },
        new { key = "interested", kind = "yesNo", label = "Interested?", required = true },
        new { key = "visitAt", kind = "dateTime", label = "When may we visit?", required = true, showIf = new { key = "interested", value = "yes" } },
        new { key = "email", kind = "email", label = "E-mail" },
    ];

    private static async Task<CallScriptsApi.CallScriptResponse> CreateAsync(HttpClient client, string name = "Winter offer")
    {
        using var created = await client.PostAsJsonAsync("/api/v1/call-scripts", new { name, elements = Elements }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await OutdialApp.ReadAsync<CallScriptsApi.CallScriptResponse>(created);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_script_is_created_at_version_1_and_listed(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();

        var script = await CreateAsync(client);
        var list = await client.GetFromJsonAsync<Page<CallScriptsApi.CallScriptSummaryResponse>>("/api/v1/call-scripts", JsonDefaults.Options, Cancel);

        Assert.Equal(1, script.CurrentVersion);
        Assert.Equal(["intro", "interested", "visitAt", "email"], script.Elements.Select(e => e.Key));
        Assert.Equal(new CallScriptsApi.ShowIfDto("interested", "yes"), script.Elements[2].ShowIf);
        var listed = Assert.Single(list!.Items);
        Assert.Equal(("Winter offer", 1, 4), (listed.Name, listed.CurrentVersion, listed.ElementCount));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Changing_the_elements_saves_version_2_and_version_1_stays_readable(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var script = await CreateAsync(client);

        using var renamed = await client.PutAsJsonAsync($"/api/v1/call-scripts/{script.Id}", new { name = "Spring offer", elements = Elements }, Cancel);
        using var changed = await client.PutAsJsonAsync($"/api/v1/call-scripts/{script.Id}", new { name = "Spring offer", elements = Elements[..2] }, Cancel);
        var latest = await OutdialApp.ReadAsync<CallScriptsApi.CallScriptResponse>(changed);
        var first = await client.GetFromJsonAsync<CallScriptsApi.CallScriptVersionResponse>($"/api/v1/call-scripts/{script.Id}/versions/1", JsonDefaults.Options, Cancel);

        Assert.Equal(1, (await OutdialApp.ReadAsync<CallScriptsApi.CallScriptResponse>(renamed)).CurrentVersion);
        Assert.Equal((2, "Spring offer", 2), (latest.CurrentVersion, latest.Name, latest.Elements.Count));
        Assert.Equal([1, 2], latest.Versions.Select(v => v.Version));
        Assert.Equal(4, first!.Elements.Count);
        using var missing = await client.GetAsync($"/api/v1/call-scripts/{script.Id}/versions/3", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Validating_answers_returns_their_stored_form_or_a_400_naming_each_field(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var script = await CreateAsync(client);
        var url = $"/api/v1/call-scripts/{script.Id}/versions/1/validate";

        using var valid = await client.PostAsJsonAsync(url, new { answers = new Dictionary<string, object> { ["interested"] = true, ["visitAt"] = "2026-04-01 10:00" } }, Cancel);
        using var invalid = await client.PostAsJsonAsync(url, new { answers = new { interested = "yes", email = "not an address" } }, Cancel);

        Assert.Equal(
            new Dictionary<string, string> { ["interested"] = "yes", ["visitAt"] = "2026-04-01T10:00" },
            (await OutdialApp.ReadAsync<CallScriptsApi.AnswersResponse>(valid)).Answers);
        var problem = await Problem.ReadAsync(invalid);
        Assert.Equal(400, problem.Status);
        Assert.Equal(["answers.email", "answers.visitAt"], problem.Errors!.Keys.Order());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_invalid_definition_is_a_400_naming_the_element(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();

        using var response = await client.PostAsJsonAsync("/api/v1/call-scripts", new
        {
            name = "Broken",
            elements = new object[] { new { key = "colour", kind = "singleChoice", label = "Colour" }, new { key = "size", label = "Size" } },
        }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("elements[1].kind", problem.Errors!.Keys);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_script_used_by_a_running_campaign_cannot_be_deleted(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var script = await CreateAsync(client);
        var unused = await CreateAsync(client, "Unused");
        using var group = await client.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20 }, Cancel);
        var groupId = (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id;
        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Uses it", mode = "preview", routingGroupId = groupId, goal = "none", callScriptId = script.Id }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        using var started = await client.PostAsync($"/api/v1/campaigns/{campaign.Id}/start", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        using var refused = await client.DeleteAsync($"/api/v1/call-scripts/{script.Id}", Cancel);
        using var deleted = await client.DeleteAsync($"/api/v1/call-scripts/{unused.Id}", Cancel);

        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(409, problem.Status);
        Assert.Contains("Uses it", problem.Detail);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/call-scripts/{unused.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/call-scripts/{unused.Id}/versions/1", Cancel)).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_campaign_naming_no_script_is_a_400_naming_callScriptId(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        using var group = await client.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20 }, Cancel);
        var groupId = (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id;

        using var response = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Ghost script", mode = "preview", routingGroupId = groupId, callScriptId = Guid.NewGuid() }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("callScriptId", problem.Errors!.Keys);
    }

    [Fact]
    public async Task Deleting_a_script_leaves_the_drafts_that_chose_it_without_a_script()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var script = await CreateAsync(client);
        using var group = await client.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20 }, Cancel);
        var groupId = (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id;
        using var created = await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Draft", mode = "preview", routingGroupId = groupId, callScriptId = script.Id }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);

        using var deleted = await client.DeleteAsync($"/api/v1/call-scripts/{script.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null((await client.GetFromJsonAsync<CampaignsApi.CampaignResponse>($"/api/v1/campaigns/{campaign.Id}", JsonDefaults.Options, Cancel))!.CallScriptId);
    }

    [Fact]
    public async Task An_operator_reads_and_validates_scripts_but_cannot_change_them()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var script = await CreateAsync(await app.AdministratorClientAsync());
        var operatorUser = await app.CreateUserWithPermissionsAsync("Operator", [Outdial.Identity.Permission.Operator]);
        var client = app.ClientWithToken(await app.CreateTokenAsync(operatorUser.Id));

        using var read = await client.GetAsync($"/api/v1/call-scripts/{script.Id}/versions/1", Cancel);
        using var validated = await client.PostAsJsonAsync($"/api/v1/call-scripts/{script.Id}/versions/1/validate", new { answers = new { interested = "no" } }, Cancel);
        using var changed = await client.PutAsJsonAsync($"/api/v1/call-scripts/{script.Id}", new { name = "Mine now", elements = Elements }, Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden), (read.StatusCode, validated.StatusCode, changed.StatusCode));
    }
}
