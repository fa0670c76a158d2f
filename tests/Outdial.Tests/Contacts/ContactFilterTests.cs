using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>One directory per database, shared by the read-only filter cases.</summary>
public sealed class SharedDirectories(PostgresServer postgres) : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, (OutdialApp App, HttpClient Client)> _directories = [];

    public async ValueTask InitializeAsync()
    {
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            var app = await OutdialApp.StartAsync(provider, postgres);
            var admin = await app.AdministratorClientAsync();
            await DirectoryFixtures.CreateFieldsAsync(admin);
            await DirectoryFixtures.CreateContactsAsync(admin);
            _directories[provider] = (app, admin);
        }
    }

    public HttpClient ClientFor(DatabaseProvider provider) => _directories[provider].Client;

    public async ValueTask DisposeAsync()
    {
        foreach (var (app, _) in _directories.Values)
        {
            await app.DisposeAsync();
        }
    }
}

/// <summary>The same filter cases on SQLite and PostgreSQL must give the same answers.</summary>
public sealed class ContactFilterTests(PostgresServer postgres, SharedDirectories directories) : IClassFixture<SharedDirectories>
{
    public static TheoryData<DatabaseProvider, string, string> Cases()
    {
        var cases = new (string Filter, string Expected)[]
        {
            ("""{"field":"lastName","op":"startsWith","value":"nov"}""", "Jana Nováková"),
            ("""{"field":"lastName","op":"eq","value":"DVOŘÁK"}""", "Petr Dvořák"),
            ("""{"field":"company","op":"contains","value":"ACME"}""", "Jana Nováková|John Smith"),
            ("""{"field":"company","op":"neq","value":"acme"}""", "Eva Černá|Petr Dvořák|Žofie Ng"),
            ("""{"field":"company","op":"isEmpty"}""", "Eva Černá"),
            ("""{"field":"company","op":"eq","value":"O'Brien & <Sons>"}""", "Žofie Ng"),
            ("""{"field":"firstName","op":"in","value":["jana","EVA","nobody"]}""", "Eva Černá|Jana Nováková"),
            ("""{"field":"email","op":"eq","value":"JOHN@acme.com"}""", "John Smith"),
            ("""{"field":"email","op":"contains","value":"acme"}""", "Jana Nováková|John Smith"),
            ("""{"field":"email","op":"neq","value":"john@acme.com"}""", "Eva Černá|Jana Nováková|Petr Dvořák|Žofie Ng"),
            ("""{"field":"email","op":"isEmpty"}""", "Eva Černá|Žofie Ng"),
            ("""{"field":"phone","op":"eq","value":"777 123 456"}""", "Jana Nováková"),
            ("""{"field":"phone","op":"eq","value":"+420777888999"}""", "Eva Černá"),
            ("""{"field":"phone","op":"startsWith","value":"+1"}""", "Eva Černá"),
            ("""{"field":"phone","op":"startsWith","value":"00420"}""", "Eva Černá|Jana Nováková|Petr Dvořák"),
            ("""{"field":"phone","op":"contains","value":"111"}""", "Petr Dvořák"),
            ("""{"field":"phone","op":"isEmpty"}""", "Žofie Ng"),
            ("""{"field":"custom.age","op":"gt","value":30}""", "Jana Nováková|John Smith|Petr Dvořák"),
            ("""{"field":"custom.age","op":"between","value":[19,34]}""", "Jana Nováková|John Smith|Žofie Ng"),
            ("""{"field":"custom.age","op":"isEmpty"}""", "Eva Černá"),
            ("""{"field":"custom.age","op":"neq","value":34}""", "Eva Černá|Petr Dvořák|Žofie Ng"),
            ("""{"field":"custom.vip","op":"eq","value":true}""", "Jana Nováková|John Smith"),
            ("""{"field":"custom.tier","op":"in","value":["gold","SILVER"]}""", "Jana Nováková|Petr Dvořák"),
            ("""{"field":"custom.since","op":"lt","value":"2021-01-01"}""", "Jana Nováková"),
            ("""{"field":"custom.note","op":"contains","value":"MORNING"}""", "Jana Nováková"),
            ("""{"field":"createdAt","op":"gte","value":"2000-01-01"}""", "Eva Černá|Jana Nováková|John Smith|Petr Dvořák|Žofie Ng"),
            ("""{"and":[{"field":"company","op":"eq","value":"acme"},{"or":[{"field":"custom.age","op":"gt","value":40},{"field":"firstName","op":"eq","value":"john"}]}]}""", "John Smith"),
            ("""{"or":[{"field":"lastName","op":"eq","value":"ng"},{"field":"phone","op":"startsWith","value":"+1"}]}""", "Eva Černá|Žofie Ng"),
            ("""{"and":[]}""", "Eva Černá|Jana Nováková|John Smith|Petr Dvořák|Žofie Ng"),
        };

        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            foreach (var (filter, expected) in cases)
            {
                data.Add(provider, filter, expected);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task A_filter_selects_the_same_contacts_on_every_database(DatabaseProvider provider, string filter, string expected)
    {
        var client = directories.ClientFor(provider);

        using var query = await client.PostAsync("/api/v1/contacts/query", Json($$"""{"filter":{{filter}},"limit":100}"""), TestContext.Current.CancellationToken);
        Assert.Equal(expected.Split('|'), await DirectoryFixtures.NamesAsync(query));

        using var count = await client.PostAsync("/api/v1/contacts/count", Json($$"""{"filter":{{filter}}}"""), TestContext.Current.CancellationToken);
        Assert.Equal(expected.Split('|').Length, (await OutdialApp.ReadAsync<Outdial.Contacts.ContactsApi.CountResponse>(count)).Count);
    }

    [Theory]
    [InlineData("""{"field":"shoeSize","op":"eq","value":"42"}""", "filter.field", "Unknown field 'shoeSize'")]
    [InlineData("""{"and":[{"field":"lastName","op":"gt","value":"a"}]}""", "filter.and[0].op", "does not apply")]
    [InlineData("""{"field":"custom.age","op":"gt","value":"old"}""", "filter.value", "is a number")]
    [InlineData("""{"field":"custom.tier","op":"eq","value":"Platinum"}""", "filter.value", "not an option")]
    [InlineData("""{"field":"phone","op":"eq","value":"call me"}""", "filter.value", "not a valid phone number")]
    [InlineData("""{"field":"lastName","op":"between","value":["a"]}""", "filter.op", "does not apply")]
    [InlineData("""{"field":"custom.age","op":"between","value":[1]}""", "filter.value", "two values")]
    [InlineData("""{"field":"custom.age","op":"between","value":[34,19]}""", "filter.value", "you wrote [34, 19]. Swap")]
    [InlineData("""{"field":"createdAt","op":"between","value":["2026-12-31","2026-01-01"]}""", "filter.value", "Swap the two values")]
    [InlineData("""{"and":{"field":"lastName"}}""", "filter.and", "list")]
    [InlineData("""{"field":"lastName","op":"eq","value":"x","extra":1}""", "filter.extra", "not part of a condition")]
    public async Task An_invalid_filter_is_a_400_naming_the_part(string filter, string path, string message)
    {
        var client = directories.ClientFor(DatabaseProvider.Sqlite);

        using var response = await client.PostAsync("/api/v1/contacts/count", Json($$"""{"filter":{{filter}}}"""), TestContext.Current.CancellationToken);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(message, Assert.Single(problem.Errors![path]));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_saved_filter_counts_and_lists_its_contacts(DatabaseProvider provider)
    {
        var (app, client) = await DirectoryAsync(provider);
        await using var _ = app;
        using var create = await client.PostAsJsonAsync("/api/v1/contact-filters",
            new { name = "Acme people", definition = JsonDocument.Parse("""{"field":"company","op":"eq","value":"Acme"}""").RootElement }, TestContext.Current.CancellationToken);
        var saved = await OutdialApp.ReadAsync<Outdial.Contacts.ContactFiltersApi.FilterResponse>(create);

        var count = await client.GetFromJsonAsync<Outdial.Contacts.ContactsApi.CountResponse>($"/api/v1/contact-filters/{saved.Id}/count", JsonDefaults.Options, TestContext.Current.CancellationToken);
        using var list = await client.GetAsync($"/api/v1/contacts?filterId={saved.Id}&sort=-lastName", TestContext.Current.CancellationToken);

        Assert.Equal(2, count!.Count);
        Assert.Equal(["Jana Nováková", "John Smith"], await DirectoryFixtures.NamesAsync(list));
    }

    [Fact]
    public async Task A_saved_filter_on_a_deleted_field_is_a_409_that_names_the_filter()
    {
        var (app, client) = await DirectoryAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        using var create = await client.PostAsJsonAsync("/api/v1/contact-filters",
            new { name = "Adults", definition = JsonDocument.Parse("""{"field":"custom.age","op":"gte","value":18}""").RootElement }, TestContext.Current.CancellationToken);
        var saved = await OutdialApp.ReadAsync<Outdial.Contacts.ContactFiltersApi.FilterResponse>(create);
        await client.DeleteAsync("/api/v1/contact-fields/age", TestContext.Current.CancellationToken);

        using var count = await client.GetAsync($"/api/v1/contact-filters/{saved.Id}/count", TestContext.Current.CancellationToken);

        var problem = await Problem.ReadAsync(count);
        Assert.Equal(409, problem.Status);
        Assert.Contains("Adults", problem.Detail);
    }

    private async Task<(OutdialApp App, HttpClient Client)> DirectoryAsync(DatabaseProvider provider)
    {
        var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();
        await DirectoryFixtures.CreateFieldsAsync(admin);
        await DirectoryFixtures.CreateContactsAsync(admin);
        return (app, admin);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
