using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outdial.Campaigns;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;
using Outdial.Webhooks;

namespace Outdial.Tests.Webhooks;

public sealed class WebhooksApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ftp://crm.example.com/hook")]
    [InlineData("crm.example.com/hook")]
    [InlineData("javascript:alert(1)")]
    public async Task A_url_that_is_not_http_or_https_is_a_400_naming_url(string url)
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "session.concluded" } }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("https://", Assert.Single(problem.Errors!["url"]));
    }

    [Fact]
    public async Task An_unknown_or_missing_event_type_is_a_400_listing_the_valid_ones()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        using var unknown = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://crm.example.com/hook", events = new[] { "session.concluded", "call.teleported" } }, Cancel);
        using var none = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://crm.example.com/hook", events = Array.Empty<string>() }, Cancel);

        var message = Assert.Single((await Problem.ReadAsync(unknown)).Errors!["events"]);
        Assert.Contains("'call.teleported'", message);
        Assert.Contains("campaign.stateChanged", message);
        Assert.Contains("session.created", Assert.Single((await Problem.ReadAsync(none)).Errors!["events"]));
    }

    [Fact]
    public async Task An_operator_token_is_refused_with_403()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var operatorUser = await app.CreateUserAsync("Operator", Role.OperatorId);
        var client = app.ClientWithToken(await app.CreateTokenAsync(operatorUser.Id));

        using var list = await client.GetAsync("/api/v1/webhooks", Cancel);
        using var create = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://crm.example.com/hook", events = new[] { "session.concluded" } }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(403, (await Problem.ReadAsync(create)).Status);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_secret_is_shown_when_created_or_rotated_and_lists_show_only_its_end(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();

        using var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://crm.example.com/hook", description = "CRM", events = new[] { "session.concluded" } }, Cancel);
        var webhook = await OutdialApp.ReadAsync<WebhooksApi.WebhookResponse>(created);
        var listed = await admin.GetStringAsync("/api/v1/webhooks", Cancel);
        using var rotated = await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/secret", null, Cancel);
        var newSecret = (await OutdialApp.ReadAsync<WebhooksApi.WebhookResponse>(rotated)).Secret!;
        var read = await admin.GetFromJsonAsync<WebhooksApi.WebhookResponse>($"/api/v1/webhooks/{webhook.Id}", JsonDefaults.Options, Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("whsec_", webhook.Secret);
        Assert.DoesNotContain(webhook.Secret!, listed);
        Assert.DoesNotContain("\"secret\"", listed);
        Assert.Contains(webhook.Secret![^4..], listed);
        Assert.NotEqual(webhook.Secret, newSecret);
        Assert.Null(read!.Secret);
        Assert.Equal("…" + newSecret[^4..], read.SecretHint);
        Assert.Equal((true, "CRM"), (read.Enabled, read.Description));
        Assert.Equal(["session.concluded"], read.Events);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_ping_is_delivered_listed_exported_and_sent_again_on_retry(DatabaseProvider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "session.ended" } }, Cancel);
        var webhook = await OutdialApp.ReadAsync<WebhooksApi.WebhookResponse>(created);

        using var pinged = await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/ping", null, Cancel);
        var ping = await OutdialApp.ReadAsync<WebhooksApi.DeliveryResponse>(pinged);
        Assert.Equal("ping", (await receiver.NextAsync()).Headers["Outdial-Event"]);
        var delivered = await WebhookDeliveryTests.WaitForDeliveryAsync(app, webhook.Id, d => d.Status == WebhookDeliveryStatus.Delivered);

        var list = await admin.GetFromJsonAsync<Page<WebhooksApi.DeliveryResponse>>($"/api/v1/webhooks/{webhook.Id}/deliveries?status=delivered", JsonDefaults.Options, Cancel);
        Assert.Equal(ping.Id, Assert.Single(list!.Items).Id);
        var pending = await admin.GetFromJsonAsync<Page<WebhooksApi.DeliveryResponse>>($"/api/v1/webhooks/{webhook.Id}/deliveries?status=pending", JsonDefaults.Options, Cancel);
        Assert.Equal(0, pending!.Total);
        Assert.Contains("status", (await Problem.ReadAsync(await admin.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries?status=lost", Cancel))).Errors!.Keys);
        var csv = await admin.GetStringAsync($"/api/v1/webhooks/{webhook.Id}/deliveries.csv", Cancel);
        Assert.Contains($"{ping.Id},{ping.EventId},ping,delivered,1,", csv);

        using var retried = await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/{delivered.Id}/retry", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await receiver.NextAsync();
        var again = await WebhookDeliveryTests.WaitForDeliveryAsync(app, webhook.Id, d => d.Attempts == 2 && d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(ping.Id, again.Id);
        var shown = await admin.GetFromJsonAsync<WebhooksApi.WebhookResponse>($"/api/v1/webhooks/{webhook.Id}", JsonDefaults.Options, Cancel);
        Assert.Equal(WebhookDeliveryStatus.Delivered, shown!.LastDeliveryStatus);
    }

    [Fact]
    public async Task Deleting_a_webhook_removes_it_and_its_deliveries()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "session.ended" }, enabled = false }, Cancel);
        var webhook = await OutdialApp.ReadAsync<WebhooksApi.WebhookResponse>(created);
        await admin.PostAsync($"/api/v1/webhooks/{webhook.Id}/ping", null, Cancel);

        using var deleted = await admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(404, (await Problem.ReadAsync(await admin.GetAsync($"/api/v1/webhooks/{webhook.Id}", Cancel))).Status);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, db.WebhookDeliveries.Count());
    }

    [Fact]
    public async Task A_campaign_state_change_is_delivered_with_the_state_it_left()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "campaign.stateChanged" } }, Cancel);
        using var group = await admin.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20 }, Cancel);
        var groupId = (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id;
        await admin.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Callee", phones = new[] { new { number = "777123456", label = "mobile" } } }, Cancel);
        using var created = await admin.PostAsJsonAsync("/api/v1/campaigns", new { name = "Spring", mode = "progressive", routingGroupId = groupId }, Cancel);
        var campaignId = (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created)).Id;

        (await admin.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/campaigns/{campaignId}/pause", null, Cancel)).EnsureSuccessStatusCode();

        // Deliveries are sent side by side, so they may arrive in either order (docs/webhooks.md).
        var received = new[] { Data(await receiver.NextAsync()), Data(await receiver.NextAsync()) };
        Assert.Contains((campaignId.ToString(), "Spring", "running", "draft"), received);
        Assert.Contains((campaignId.ToString(), "Spring", "paused", "running"), received);
    }

    private static (string? CampaignId, string? Name, string? State, string? PreviousState) Data(ReceivedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("campaign.stateChanged", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        return (data.GetProperty("campaignId").GetString(), data.GetProperty("name").GetString(), data.GetProperty("state").GetString(), data.GetProperty("previousState").GetString());
    }
}
