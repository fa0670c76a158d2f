using System.Net;
using System.Net.Http.Json;
using Outdial.Contacts;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

public sealed class ContactsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OutdialApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        _client = await _app.AdministratorClientAsync();
        await DirectoryFixtures.CreateFieldsAsync(_client);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ContactsApi.SavedContactResponse> CreateAsync(object contact)
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/contacts", contact, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await OutdialApp.ReadAsync<ContactsApi.SavedContactResponse>(response);
    }

    [Theory]
    [InlineData("+420 777 123 456")]
    [InlineData("00420777123456")]
    [InlineData("777-123-456")]
    [InlineData("777123456")]
    public async Task Phones_in_any_common_format_are_stored_in_E164_with_the_text_as_given(string written)
    {
        var saved = await CreateAsync(new { firstName = "Jana", phones = new[] { new { number = written, label = "Mobile" } } });

        var phone = Assert.Single(saved.Contact.Phones);
        Assert.Equal("+420777123456", phone.E164);
        Assert.Equal(written, phone.Number);
        Assert.Equal("mobile", phone.Label);
        Assert.True(phone.Valid);
        Assert.Empty(saved.Warnings);
    }

    [Fact]
    public async Task An_invalid_phone_is_kept_flagged_and_reported_as_a_warning()
    {
        var saved = await CreateAsync(new { firstName = "Typo", phones = new[] { new { number = "12345", label = "mobile" } } });

        var phone = Assert.Single(saved.Contact.Phones);
        Assert.False(phone.Valid);
        Assert.Null(phone.E164);
        Assert.Equal("12345", phone.Number);
        Assert.Contains("12345", Assert.Single(saved.Warnings));
    }

    [Theory]
    [InlineData("+420 777 123 456", "Europe/Prague")]
    [InlineData("+44 20 7946 0958", "Europe/London")]
    public async Task The_time_zone_comes_from_the_phones_country_when_it_has_one_zone(string phone, string zone)
    {
        var saved = await CreateAsync(new { firstName = "Zoned", phones = new[] { new { number = phone, label = "work" } } });

        Assert.Equal(zone, saved.Contact.TimeZone);
        Assert.False(saved.Contact.TimeZoneIsExplicit);
    }

    [Fact]
    public async Task An_explicit_time_zone_wins_and_an_unknown_one_is_a_400()
    {
        var saved = await CreateAsync(new { firstName = "Traveller", timeZone = "America/New_York", phones = new[] { new { number = "+420777000111", label = "mobile" } } });
        Assert.Equal("America/New_York", saved.Contact.TimeZone);

        using var response = await _client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Lost", timeZone = "Mars/Olympus" }, Cancel);
        Assert.Contains("timeZone", (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task Without_a_phone_zone_the_tenant_default_applies()
    {
        var saved = await CreateAsync(new { firstName = "Nophone" });

        Assert.Equal("Europe/Prague", saved.Contact.TimeZone);
    }

    [Fact]
    public async Task Custom_values_are_validated_against_their_type()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/contacts",
            new { firstName = "Bad", custom = new Dictionary<string, object> { ["age"] = "old", ["tier"] = "Platinum", ["since"] = "yesterday", ["shoe"] = "42" } }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal(["custom.age", "custom.shoe", "custom.since", "custom.tier"], problem.Errors!.Keys.Order());
    }

    [Fact]
    public async Task Updating_a_contact_keeps_unchanged_custom_values()
    {
        var saved = await CreateAsync(new { firstName = "Kept", custom = new Dictionary<string, object> { ["age"] = 40, ["tier"] = "Gold" } });

        using var update = await _client.PutAsJsonAsync($"/api/v1/contacts/{saved.Contact.Id}",
            new { firstName = "Kept", lastName = "Again", custom = new Dictionary<string, object> { ["age"] = 41, ["tier"] = "Gold" } }, Cancel);
        var updated = await OutdialApp.ReadAsync<ContactsApi.SavedContactResponse>(update);

        Assert.Equal("41", updated.Contact.Custom["age"]!.ToString());
        Assert.Equal("Gold", updated.Contact.Custom["tier"]!.ToString());
    }

    [Fact]
    public async Task A_date_with_a_time_keeps_its_calendar_date()
    {
        var saved = await CreateAsync(new { firstName = "Dated", custom = new Dictionary<string, object> { ["since"] = "2026-12-31T00:00:00Z" } });

        Assert.Equal("2026-12-31", saved.Contact.Custom["since"]!.ToString());
    }

    [Fact]
    public async Task Custom_values_come_back_typed()
    {
        var saved = await CreateAsync(new { firstName = "Typed", custom = new Dictionary<string, object> { ["age"] = "42", ["vip"] = "yes", ["tier"] = "gold", ["since"] = "2020-05-01" } });

        var custom = saved.Contact.Custom;
        Assert.Equal(42.0, ((System.Text.Json.JsonElement)custom["age"]!).GetDouble());
        Assert.True(((System.Text.Json.JsonElement)custom["vip"]!).GetBoolean());
        Assert.Equal("Gold", custom["tier"]!.ToString());
        Assert.Equal("2020-05-01", custom["since"]!.ToString());
    }

    [Fact]
    public async Task A_duplicate_external_id_is_a_409()
    {
        await CreateAsync(new { firstName = "First", externalId = "CRM-1" });

        using var response = await _client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Second", externalId = "CRM-1" }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(409, problem.Status);
        Assert.Contains("CRM-1", problem.Detail);
    }

    [Fact]
    public async Task An_invalid_email_is_a_400_naming_it()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Mail", emails = new[] { "ok@example.com", "not an email" } }, Cancel);

        Assert.Contains("emails[1]", (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task A_contact_with_nothing_in_it_is_a_400_and_nothing_is_saved()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "  ", phones = Array.Empty<object>() }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("at least one of", Assert.Single(problem.Errors!["contact"]));
        Assert.DoesNotContain("\"items\":[{", await _client.GetStringAsync("/api/v1/contacts", Cancel));
    }

    [Fact]
    public async Task Text_that_looks_like_sql_or_html_is_stored_verbatim()
    {
        const string tricky = "Robert'); DROP TABLE contacts;-- <script>alert(1)</script>";
        var saved = await CreateAsync(new { firstName = tricky, company = "\"Quotes\" & 'apostrophes'" });

        var read = await _client.GetFromJsonAsync<ContactsApi.ContactResponse>($"/api/v1/contacts/{saved.Contact.Id}", JsonDefaults.Options, Cancel);

        Assert.Equal(tricky, read!.FirstName);
        Assert.Equal("\"Quotes\" & 'apostrophes'", read.Company);
    }

    [Fact]
    public async Task Update_replaces_the_contact_and_the_timeline_records_both_events()
    {
        var saved = await CreateAsync(new { firstName = "Before", phones = new[] { new { number = "777111222", label = "mobile" } } });

        using var update = await _client.PutAsJsonAsync($"/api/v1/contacts/{saved.Contact.Id}", new { firstName = "After", emails = new[] { "after@example.com" } }, Cancel);
        var updated = await OutdialApp.ReadAsync<ContactsApi.SavedContactResponse>(update);
        var timeline = await _client.GetFromJsonAsync<Page<ContactsApi.TimelineEntry>>($"/api/v1/contacts/{saved.Contact.Id}/timeline", JsonDefaults.Options, Cancel);

        Assert.Equal("After", updated.Contact.DisplayName);
        Assert.Empty(updated.Contact.Phones);
        Assert.Equal(["updated", "created"], timeline!.Items.Select(e => e.Kind));
        Assert.All(timeline.Items, e => Assert.Equal("Test Administrator", e.Actor));
    }

    [Fact]
    public async Task Delete_removes_the_contact()
    {
        var saved = await CreateAsync(new { firstName = "Gone" });

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/contacts/{saved.Contact.Id}", Cancel)).StatusCode);
        Assert.Equal(404, (await Problem.ReadAsync(await _client.GetAsync($"/api/v1/contacts/{saved.Contact.Id}", Cancel))).Status);
        Assert.Equal(404, (await Problem.ReadAsync(await _client.DeleteAsync($"/api/v1/contacts/{saved.Contact.Id}", Cancel))).Status);
    }

    [Fact]
    public async Task Bulk_create_reports_each_item_and_saves_the_valid_ones()
    {
        await CreateAsync(new { firstName = "Existing", externalId = "X-1" });

        using var response = await _client.PostAsJsonAsync("/api/v1/contacts/bulk", new
        {
            contacts = new object[]
            {
                new { firstName = "One", phones = new[] { new { number = "777000001", label = "mobile" } } },
                new { firstName = "Two", emails = new[] { "broken" } },
                new { firstName = "Three", externalId = "X-1" },
                new { firstName = "Four", custom = new Dictionary<string, object> { ["age"] = new[] { 1 } } },
                new { firstName = "Five", phones = new[] { new { number = "999", label = "mobile" } } },
            },
        }, Cancel);
        var result = await OutdialApp.ReadAsync<ContactsApi.BulkResponse>(response);

        Assert.Equal(2, result.Created);
        Assert.Equal(3, result.Failed);
        Assert.Equal(["created", "failed", "failed", "failed", "created"], result.Results.Select(r => r.Status));
        Assert.Contains("emails[0]", result.Results[1].Errors!.Keys);
        Assert.Contains("externalId", result.Results[2].Errors!.Keys);
        Assert.Contains("custom.age", result.Results[3].Errors!.Keys);
        Assert.Single(result.Results[4].Warnings);
        var all = await _client.GetFromJsonAsync<Page<ContactsApi.ContactResponse>>("/api/v1/contacts?limit=100", JsonDefaults.Options, Cancel);
        Assert.Equal(["Existing", "Five", "One"], all!.Items.Select(c => c.DisplayName));
    }

    [Fact]
    public async Task Bulk_create_refuses_more_than_a_thousand_contacts()
    {
        var contacts = Enumerable.Range(0, ContactDirectory.MaxBulk + 1).Select(i => new { firstName = $"C{i}" }).ToArray();

        using var response = await _client.PostAsJsonAsync("/api/v1/contacts/bulk", new { contacts }, Cancel);

        Assert.Contains("contacts", (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task Merge_keeps_one_contact_with_everything_both_knew()
    {
        var kept = await CreateAsync(new { firstName = "Jana", phones = new[] { new { number = "777123456", label = "mobile" } }, custom = new Dictionary<string, object> { ["age"] = 30 } });
        var duplicate = await CreateAsync(new
        {
            firstName = "J.", lastName = "Nováková", externalId = "CRM-9", emails = new[] { "jana@example.com" },
            phones = new[] { new { number = "+420 777 123 456", label = "work" }, new { number = "602000111", label = "home" } },
            custom = new Dictionary<string, object> { ["age"] = 99, ["vip"] = true },
        });

        using var response = await _client.PostAsJsonAsync($"/api/v1/contacts/{kept.Contact.Id}/merge", new { otherContactId = duplicate.Contact.Id }, Cancel);
        var merged = await OutdialApp.ReadAsync<ContactsApi.ContactResponse>(response);

        Assert.Equal("Jana", merged.FirstName);
        Assert.Equal("Nováková", merged.LastName);
        Assert.Equal("Jana Nováková", merged.DisplayName);
        Assert.Equal("CRM-9", merged.ExternalId);
        Assert.Equal(["+420777123456", "+420602000111"], merged.Phones.Select(p => p.E164));
        Assert.Equal(["jana@example.com"], merged.Emails);
        Assert.Equal("30", merged.Custom["age"]!.ToString());
        Assert.Equal(404, (await Problem.ReadAsync(await _client.GetAsync($"/api/v1/contacts/{duplicate.Contact.Id}", Cancel))).Status);
        var timeline = await _client.GetFromJsonAsync<Page<ContactsApi.TimelineEntry>>($"/api/v1/contacts/{kept.Contact.Id}/timeline", JsonDefaults.Options, Cancel);
        Assert.Equal(["merged", "created", "created"], timeline!.Items.Select(e => e.Kind));
    }

    [Fact]
    public async Task Export_writes_the_matching_contacts_as_csv_with_formulas_neutralised()
    {
        await CreateAsync(new { firstName = "=HYPERLINK(\"http://evil\")", lastName = "Attacker", company = "Acme", phones = new[] { new { number = "777 123 456", label = "mobile" } }, custom = new Dictionary<string, object> { ["tier"] = "Gold" } });
        await CreateAsync(new { firstName = "Other", company = "Elsewhere" });
        var filter = Uri.EscapeDataString("""{"field":"company","op":"eq","value":"acme"}""");

        using var response = await _client.GetAsync($"/api/v1/contacts/export?filter={filter}", Cancel);
        var csv = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var table = Outdial.Csv.CsvTable.Open(new StringReader(csv));
        var row = Assert.Single(table.Rows());
        Assert.Contains("custom:tier", table.Header);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", row.Cell(table.Column("firstName")));
        Assert.Equal("mobile: +420777123456", row.Cell(table.Column("phones")));
        Assert.Equal("Gold", row.Cell(table.Column("custom:tier")));
    }

    [Fact]
    public async Task Export_with_a_malformed_filter_is_a_400()
    {
        using var response = await _client.GetAsync("/api/v1/contacts/export?filter=%7Bnot-json", Cancel);

        Assert.Contains("filter", (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task Lists_sort_and_page()
    {
        foreach (var name in new[] { "Cyril", "Adam", "Bára" })
        {
            await CreateAsync(new { lastName = name });
        }

        var page = await _client.GetFromJsonAsync<Page<ContactsApi.ContactResponse>>("/api/v1/contacts?sort=-lastName&offset=1&limit=1", JsonDefaults.Options, Cancel);

        Assert.Equal(3, page!.Total);
        Assert.Equal("Bára", Assert.Single(page.Items).LastName);
        Assert.Equal(400, (await Problem.ReadAsync(await _client.GetAsync("/api/v1/contacts?sort=shoeSize", Cancel))).Status);

        // Not a silent sort by whatever value the flags of a list add up to.
        Assert.Equal(400, (await Problem.ReadAsync(await _client.GetAsync("/api/v1/contacts?sort=lastName,company", Cancel))).Status);
    }

    [Fact]
    public async Task Custom_fields_have_unique_valid_keys_and_their_values_go_with_them()
    {
        using var duplicate = await _client.PostAsJsonAsync("/api/v1/contact-fields", new { key = "AGE", label = "Age again", type = "number" }, Cancel);
        Assert.Equal(409, (await Problem.ReadAsync(duplicate)).Status);

        using var badKey = await _client.PostAsJsonAsync("/api/v1/contact-fields", new { key = "1st-choice", label = "First", type = "text" }, Cancel);
        Assert.Contains("key", (await Problem.ReadAsync(badKey)).Errors!.Keys);

        using var noOptions = await _client.PostAsJsonAsync("/api/v1/contact-fields", new { key = "colour", label = "Colour", type = "oneOf" }, Cancel);
        Assert.Contains("options", (await Problem.ReadAsync(noOptions)).Errors!.Keys);

        var saved = await CreateAsync(new { firstName = "Valued", custom = new Dictionary<string, object> { ["note"] = "keep?" } });
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/v1/contact-fields/note", Cancel)).StatusCode);
        var read = await _client.GetFromJsonAsync<ContactsApi.ContactResponse>($"/api/v1/contacts/{saved.Contact.Id}", JsonDefaults.Options, Cancel);
        Assert.False(read!.Custom.ContainsKey("note"));
    }
}
