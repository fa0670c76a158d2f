using System.Net;
using System.Net.Http.Json;
using Outdial.Campaigns;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Campaigns;

public sealed class CampaignRecordsTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<Guid> ContactAsync(HttpClient client, string name, params (string Number, string Label)[] phones)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = name, phones = phones.Select(p => new { number = p.Number, label = p.Label }) }, Cancel);
        return (await OutdialApp.ReadAsync<Outdial.Contacts.ContactsApi.SavedContactResponse>(response)).Contact.Id;
    }

    private static async Task<Guid> GroupAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/operator-groups", new { name, defaultAcwSeconds = 20 }, Cancel);
        return (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(response)).Id;
    }

    private static async Task<Guid> CampaignAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/campaigns", body, Cancel);
        return (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(response)).Id;
    }

    private static async Task<List<CampaignsApi.RecordResponse>> RecordsAsync(HttpClient client, Guid campaignId) =>
        [.. (await client.GetFromJsonAsync<Page<CampaignsApi.RecordResponse>>($"/api/v1/campaigns/{campaignId}/records?limit=100", JsonDefaults.Options, Cancel))!.Items];

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Starting_creates_a_record_per_matching_contact_with_invalid_and_blacklisted_ones_marked(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Sales");
        await ContactAsync(client, "Mobile", ("777 111 222", "work"), ("777 333 444", "mobile"));
        await ContactAsync(client, "Work only", ("602 111 222", "work"));
        await ContactAsync(client, "Invalid", ("12345", "mobile"));
        await ContactAsync(client, "Blocked", ("777 999 888", "mobile"));
        await client.PostAsJsonAsync("/api/v1/blacklist", new { number = "777 999 888", reason = "asked" }, Cancel);
        var campaignId = await CampaignAsync(client, new { name = "Mobiles", mode = "progressive", routingGroupId = groupId, phoneField = "mobile" });

        using var start = await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var list = await RecordsAsync(client, campaignId);
        var records = list.ToDictionary(r => r.ContactName);

        // Created in the database in one statement, in the directory's order (oldest contact first).
        Assert.Equal(["Mobile", "Work only", "Invalid", "Blocked"], list.Select(r => r.ContactName));
        Assert.Equal(4, list.Select(r => r.Id).Distinct().Count());

        Assert.Equal((CampaignRecordState.Initial, "+420777333444"), (records["Mobile"].State, records["Mobile"].Phone));
        Assert.Equal(CampaignRecordState.InvalidRecord, records["Work only"].State);
        Assert.Equal(CampaignRecordState.InvalidRecord, records["Invalid"].State);
        Assert.Equal(CampaignRecordState.Blacklisted, records["Blocked"].State);

        var statistics = await client.GetFromJsonAsync<CampaignStatistics>($"/api/v1/campaigns/{campaignId}/statistics", JsonDefaults.Options, Cancel);
        Assert.Equal((4, 3, 1, 0), (statistics!.Records, statistics.Processed, statistics.Waiting, statistics.Attempts));
        Assert.Equal(2, statistics.RecordsByState[CampaignRecordState.InvalidRecord]);
        Assert.Equal(0, statistics.RecordsByState[CampaignRecordState.Success]);

        // The campaigns list's progress: this campaign's records, nothing for a draft without any.
        var draftId = await CampaignAsync(client, new { name = "Later", mode = "preview", routingGroupId = groupId });
        var progress = await app.Get<CampaignRecords>().ProgressAsync([campaignId, draftId], Cancel);
        Assert.Equal(new CampaignProgress(Records: 4, Processed: 3), progress[campaignId]);
        Assert.False(progress.ContainsKey(draftId));
    }

    [Fact]
    public async Task Adding_contacts_to_a_running_endless_campaign_is_idempotent_and_removal_takes_a_record_out()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Callback team");
        var emptyFilter = await client.PostAsJsonAsync("/api/v1/contact-filters", new { name = "Nobody", definition = System.Text.Json.JsonDocument.Parse("""{"field":"firstName","op":"eq","value":"nobody at all"}""").RootElement }, Cancel);
        var filterId = (await OutdialApp.ReadAsync<Outdial.Contacts.ContactFiltersApi.FilterResponse>(emptyFilter)).Id;
        var campaignId = await CampaignAsync(client, new { name = "Call-backs", mode = "preview", routingGroupId = groupId, goal = "none", filterId });
        await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);
        var jana = await ContactAsync(client, "Jana", ("777 123 456", "mobile"));

        var first = await PostAsync(client, campaignId, jana, Guid.Empty);
        var second = await PostAsync(client, campaignId, jana);

        Assert.Equal((1, 0, 1), (first.Added, first.AlreadyInCampaign, first.NotFound.Count));
        Assert.Equal((0, 1), (second.Added, second.AlreadyInCampaign));
        var record = Assert.Single(await RecordsAsync(client, campaignId));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{record.Id}", Cancel)).StatusCode);
        Assert.Equal(CampaignRecordState.Removed, Assert.Single(await RecordsAsync(client, campaignId)).State);
        Assert.Equal(409, (await Problem.ReadAsync(await client.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{record.Id}", Cancel))).Status);
    }

    [Fact]
    public async Task Contacts_sent_as_data_are_matched_in_the_directory_or_created_then_added()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Callback team");
        var existing = await ContactAsync(client, "Known", ("777 123 456", "mobile"));
        var campaignId = await CampaignAsync(client, new { name = "Endless", mode = "progressive", routingGroupId = groupId, goal = "none" });
        await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);

        using var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/records", new
        {
            contacts = new object[]
            {
                new { firstName = "Known again", phones = new[] { new { number = "00420777123456", label = "mobile" } } },
                new { firstName = "New caller", phones = new[] { new { number = "602 999 111", label = "mobile" } } },
                new { firstName = "Broken", emails = new[] { "not-an-email" } },
            },
            dedupe = "phone",
        }, Cancel);
        var result = await OutdialApp.ReadAsync<AddedContactData>(response);

        // "Known" joined the campaign when it started (no filter = the whole directory).
        Assert.Equal((1, 1, 1, 1), (result.Created, result.Matched, result.Added, result.AlreadyInCampaign));
        Assert.Equal(["contacts[2]"], result.Errors.Keys);
        var records = await RecordsAsync(client, campaignId);
        Assert.Contains(records, r => r.ContactId == existing);
        Assert.Contains(records, r => r.ContactName == "New caller");

        using var neither = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/records", new { }, Cancel);
        Assert.Contains("contactIds", (await Problem.ReadAsync(neither)).Errors!.Keys);
    }

    [Fact]
    public async Task A_draft_whose_filter_matches_nobody_starts_with_the_contacts_added_to_it_by_id_and_not_with_removed_ones()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Sales");
        var filter = System.Text.Json.JsonDocument.Parse("""{"field":"firstName","op":"eq","value":"nobody at all"}""").RootElement;
        var campaignId = await CampaignAsync(client, new { name = "Hand-picked", mode = "progressive", routingGroupId = groupId, filter });
        var jana = await ContactAsync(client, "Jana", ("777 123 456", "mobile"));

        var empty = await Problem.ReadAsync(await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel));
        Assert.Equal(409, empty.Status);
        Assert.Contains($"POST /api/v1/campaigns/{campaignId}/records", empty.Detail);

        Assert.Equal(1, (await PostAsync(client, campaignId, jana)).Added);
        var removed = Assert.Single(await RecordsAsync(client, campaignId));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{removed.Id}", Cancel)).StatusCode);
        Assert.Equal(409, (await Problem.ReadAsync(await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel))).Status);

        var petr = await ContactAsync(client, "Petr", ("777 123 457", "mobile"));
        Assert.Equal(1, (await PostAsync(client, campaignId, petr)).Added);
        using var started = await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);

        Assert.Equal(CampaignState.Running, (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(started)).State);
        Assert.Equal(["Jana", "Petr"], (await RecordsAsync(client, campaignId)).Select(r => r.ContactName));
    }

    [Fact]
    public async Task A_clone_gets_the_same_contacts_except_those_removed_from_the_original()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Sales");
        await ContactAsync(client, "One", ("777 000 001", "mobile"));
        await ContactAsync(client, "Removed", ("777 000 003", "mobile"));
        await ContactAsync(client, "Two", ("777 000 002", "mobile"));
        var campaignId = await CampaignAsync(client, new { name = "Original", mode = "progressive", routingGroupId = groupId });
        await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);
        var removed = (await RecordsAsync(client, campaignId)).Single(r => r.ContactName == "Removed");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{removed.Id}", Cancel)).StatusCode);

        using var cloned = await client.PostAsync($"/api/v1/campaigns/{campaignId}/clone", null, Cancel);
        var clone = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(cloned);

        // The removed contact comes as removed, so starting the clone (whose filter matches everyone) does not bring it back.
        Assert.Equal(["One", "Two"], (await RecordsAsync(client, clone.Id)).Where(r => r.State != CampaignRecordState.Removed).Select(r => r.ContactName));
        using var started = await client.PostAsync($"/api/v1/campaigns/{clone.Id}/start", null, Cancel);
        started.EnsureSuccessStatusCode();
        var records = await RecordsAsync(client, clone.Id);
        Assert.Equal(["One", "Two"], records.Where(r => r.State != CampaignRecordState.Removed).Select(r => r.ContactName));
        Assert.Equal(CampaignRecordState.Removed, records.Single(r => r.ContactName == "Removed").State);
    }

    [Fact]
    public async Task A_clone_whose_contacts_were_all_removed_is_refused_at_start()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Sales");
        await ContactAsync(client, "Only", ("777 000 004", "mobile"));
        var campaignId = await CampaignAsync(client, new { name = "Original", mode = "progressive", routingGroupId = groupId });
        await client.PostAsync($"/api/v1/campaigns/{campaignId}/start", null, Cancel);
        var only = Assert.Single(await RecordsAsync(client, campaignId));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{only.Id}", Cancel)).StatusCode);
        using var cloned = await client.PostAsync($"/api/v1/campaigns/{campaignId}/clone", null, Cancel);
        var clone = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(cloned);

        var refused = await Problem.ReadAsync(await client.PostAsync($"/api/v1/campaigns/{clone.Id}/start", null, Cancel));

        Assert.Equal(409, refused.Status);
        Assert.Contains("removed", refused.Detail);
    }

    [Fact]
    public async Task Starting_tells_how_many_records_exist_so_far()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var groupId = await GroupAsync(client, "Sales");
        for (var i = 0; i < 3; i++)
        {
            await ContactAsync(client, $"Callee {i}", ($"777 000 10{i}", "mobile"));
        }

        var campaignId = await CampaignAsync(client, new { name = "Progress", mode = "progressive", routingGroupId = groupId });
        var reports = new List<int>();

        var started = await app.Get<CampaignDirectory>().ApplyAsync(campaignId, CampaignAction.Start, new Reports(reports), Cancel);

        Assert.Equal(CampaignState.Running, started.State);
        Assert.Equal([3], reports);
    }

    /// <summary>Collects progress reports as they come (not through a synchronisation context).</summary>
    private sealed class Reports(List<int> into) : IProgress<int>
    {
        public void Report(int value) => into.Add(value);
    }

    private static async Task<AddedContacts> PostAsync(HttpClient client, Guid campaignId, params Guid[] contactIds)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/records", new { contactIds }, Cancel);
        return await OutdialApp.ReadAsync<AddedContacts>(response);
    }
}
