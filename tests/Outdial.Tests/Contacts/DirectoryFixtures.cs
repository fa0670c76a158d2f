using System.Net.Http.Json;
using Outdial.Contacts;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>A small directory with the shapes that trip filters up: diacritics, empty fields, several phones and e-mails, invalid numbers.</summary>
public static class DirectoryFixtures
{
    public static async Task CreateFieldsAsync(HttpClient admin)
    {
        await Ensure(admin.PostAsJsonAsync("/api/v1/contact-fields", new { key = "age", label = "Age", type = "number" }));
        await Ensure(admin.PostAsJsonAsync("/api/v1/contact-fields", new { key = "vip", label = "VIP", type = "yesNo" }));
        await Ensure(admin.PostAsJsonAsync("/api/v1/contact-fields", new { key = "tier", label = "Tier", type = "oneOf", options = new[] { "Gold", "Silver", "Bronze" } }));
        await Ensure(admin.PostAsJsonAsync("/api/v1/contact-fields", new { key = "since", label = "Customer since", type = "date" }));
        await Ensure(admin.PostAsJsonAsync("/api/v1/contact-fields", new { key = "note", label = "Note", type = "text" }));
    }

    public static async Task CreateContactsAsync(HttpClient client)
    {
        await Create(client, new
        {
            firstName = "Jana", lastName = "Nováková", company = "Acme", emails = new[] { "jana@acme.cz" },
            phones = new[] { new { number = "+420 777 123 456", label = "mobile" } },
            custom = new Dictionary<string, object> { ["age"] = 34, ["vip"] = true, ["tier"] = "gold", ["since"] = "2020-05-01", ["note"] = "Prefers mornings" },
        });
        await Create(client, new
        {
            firstName = "Petr", lastName = "Dvořák", company = "Černá Hora s.r.o.", emails = new[] { "petr@cerna.cz" },
            phones = new[] { new { number = "00420 602 111 222", label = "work" } },
            custom = new Dictionary<string, object> { ["age"] = 51, ["vip"] = false, ["tier"] = "Silver" },
        });
        await Create(client, new
        {
            firstName = "Eva", lastName = "Černá",
            phones = new[] { new { number = "777-888-999", label = "home" }, new { number = "+1 212 555 0100", label = "work" } },
        });
        await Create(client, new
        {
            firstName = "John", lastName = "Smith", company = "Acme", emails = new[] { "john@acme.com", "j.smith@gmail.com" },
            phones = new[] { new { number = "12345", label = "mobile" } },
            custom = new Dictionary<string, object> { ["age"] = 34, ["vip"] = true, ["since"] = "2021-01-01" },
        });
        await Create(client, new
        {
            firstName = "Žofie", lastName = "Ng", company = "O'Brien & <Sons>",
            custom = new Dictionary<string, object> { ["age"] = 19.5 },
        });
    }

    private static async Task Create(HttpClient client, object contact) => await Ensure(client.PostAsJsonAsync("/api/v1/contacts", contact));

    private static async Task Ensure(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Setting up the directory failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<List<string>> NamesAsync(HttpResponseMessage response)
    {
        var page = await OutdialApp.ReadAsync<Page<ContactsApi.ContactResponse>>(response);
        return [.. page.Items.Select(c => c.DisplayName).Order(StringComparer.Ordinal)];
    }
}
