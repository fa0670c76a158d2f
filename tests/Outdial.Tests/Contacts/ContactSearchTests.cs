using System.Net.Http.Json;
using Outdial.Contacts;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>The search box of the Contacts page and the API's 'search', on both databases.</summary>
public sealed class ContactSearchTests(PostgresServer postgres)
{
    public static TheoryData<DatabaseProvider, string, string> Cases()
    {
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            foreach (var (query, expected) in new[]
            {
                ("dvořák", "Petr Dvořák"), ("ČERNÁ HORA", "Petr Dvořák"), ("PETR@", "Petr Dvořák"),
                ("00420 602 111 222", "Petr Dvořák"), ("+420602111222", "Petr Dvořák"), ("111 222", "Petr Dvořák"),
                ("nová", "Jana Nováková"), ("777 123 456", "Jana Nováková"), ("x'); DROP TABLE contacts;--", ""),
            })
            {
                data.Add(provider, query, expected);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Search_matches_names_company_email_and_phones_in_any_format(DatabaseProvider provider, string query, string expected)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Petr", lastName = "Dvořák", company = "Černá Hora", emails = new[] { "petr@example.com" }, phones = new[] { new { number = "602-111-222", label = "work" } } }, TestContext.Current.CancellationToken);
        await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Jana", lastName = "Nováková", phones = new[] { new { number = "+420 777 123 456", label = "mobile" } } }, TestContext.Current.CancellationToken);

        var page = await client.GetFromJsonAsync<Page<ContactsApi.ContactResponse>>($"/api/v1/contacts?search={Uri.EscapeDataString(query)}", JsonDefaults.Options, TestContext.Current.CancellationToken);

        Assert.Equal(expected, string.Join("|", page!.Items.Select(c => c.DisplayName)));
    }
}
