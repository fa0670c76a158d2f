using System.Net;
using System.Net.Http.Json;
using System.Text;
using Outdial.Numbers;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Numbers;

public sealed class NumbersApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Caller_ids_are_stored_in_E164_and_invalid_or_duplicate_ones_are_refused(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();

        using var created = await admin.PostAsJsonAsync("/api/v1/phone-numbers", new { number = "222 333 444", label = "Sales", enabled = true, suggested = true }, Cancel);
        Assert.Equal("+420222333444", (await OutdialApp.ReadAsync<NumbersApi.PhoneNumberResponse>(created)).Number);

        using var invalid = await admin.PostAsJsonAsync("/api/v1/phone-numbers", new { number = "12", label = "Bad", enabled = true, suggested = false }, Cancel);
        var problem = await Problem.ReadAsync(invalid);
        Assert.Contains("'12'", Assert.Single(problem.Errors!["number"]));

        using var duplicate = await admin.PostAsJsonAsync("/api/v1/phone-numbers", new { number = "+420 222 333 444", label = "Again", enabled = true, suggested = false }, Cancel);
        Assert.Equal(409, (await Problem.ReadAsync(duplicate)).Status);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_blacklist_blocks_numbers_and_prefixes_and_lets_others_through(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();
        await admin.PostAsJsonAsync("/api/v1/blacklist", new { number = "777 123 456", reason = "Asked not to be called" }, Cancel);
        await admin.PostAsJsonAsync("/api/v1/blacklist", new { number = "+420900", isPrefix = true, reason = "Premium rate" }, Cancel);

        Assert.True((await CheckAsync(admin, "+420777123456")).Blocked);
        Assert.Equal("+420900", (await CheckAsync(admin, "900 123 456")).BlockedBy);
        Assert.False((await CheckAsync(admin, "777 123 457")).Blocked);

        var list = await admin.GetFromJsonAsync<Page<NumbersApi.BlacklistResponse>>("/api/v1/blacklist?search=premium", JsonDefaults.Options, Cancel);
        var premium = Assert.Single(list!.Items);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/blacklist/{premium.Id}", Cancel)).StatusCode);
        Assert.False((await CheckAsync(admin, "900 123 456")).Blocked);
    }

    [Fact]
    public async Task The_blacklist_survives_a_restart_and_honours_expiry()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        await using (var first = new OutdialApp(database))
        {
            var admin = await first.AdministratorClientAsync();
            await admin.PostAsJsonAsync("/api/v1/blacklist", new { number = "777 000 111" }, Cancel);
            await admin.PostAsJsonAsync("/api/v1/blacklist", new { number = "777 000 222", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) }, Cancel);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        await using var second = new OutdialApp(database);
        var client = await second.AdministratorClientAsync();
        Assert.True((await CheckAsync(client, "777 000 111")).Blocked);
        Assert.False((await CheckAsync(client, "777 000 222")).Blocked);
    }

    [Fact]
    public async Task A_csv_upload_with_a_bad_row_writes_nothing_and_lists_every_bad_row()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        const string csv = "number;type;reason\n777 111 222;number;ok\nnot-a-number;number;bad\n+420906;prefix;premium\n+420777;sometimes;bad type\n";

        using var response = await admin.PostAsync("/api/v1/blacklist/import", Upload(csv), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal(["row 3", "row 5"], problem.Errors!.Keys.Order());
        var list = await admin.GetFromJsonAsync<Page<NumbersApi.BlacklistResponse>>("/api/v1/blacklist", JsonDefaults.Options, Cancel);
        Assert.Equal(0, list!.Total);
    }

    [Fact]
    public async Task A_valid_csv_upload_imports_every_row()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        const string csv = "\uFEFFnumber,type,reason,expiresAt\r\n\"777 111 222\",number,\"Said \"\"never\"\", twice\",\r\n\r\n+420906,prefix,premium,2099-01-01\r\n";

        using var response = await admin.PostAsync("/api/v1/blacklist/import", Upload(csv), Cancel);

        Assert.Equal(2, (await OutdialApp.ReadAsync<NumbersApi.ImportResponse>(response)).Imported);
        Assert.True((await CheckAsync(admin, "+420906000111")).Blocked);
        var list = await admin.GetFromJsonAsync<Page<NumbersApi.BlacklistResponse>>("/api/v1/blacklist?search=twice", JsonDefaults.Options, Cancel);
        Assert.Equal("Said \"never\", twice", Assert.Single(list!.Items).Reason);
    }

    private static async Task<BlacklistCheck> CheckAsync(HttpClient client, string number) =>
        (await client.GetFromJsonAsync<BlacklistCheck>($"/api/v1/blacklist/check?number={Uri.EscapeDataString(number)}", JsonDefaults.Options, Cancel))!;

    private static MultipartFormDataContent Upload(string csv) => new() { { new StringContent(csv, Encoding.UTF8, "text/csv"), "file", "blacklist.csv" } };
}
