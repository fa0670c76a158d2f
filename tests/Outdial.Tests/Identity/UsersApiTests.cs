using System.Net;
using System.Net.Http.Json;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Identity;

public sealed class UsersApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Creating_a_user_without_a_password_returns_a_one_time_password_that_must_be_changed(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/users",
            new { name = "Jana Nováková", email = "Jana.Novakova@example.com", roleIds = new[] { Role.OperatorId } }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await OutdialApp.ReadAsync<UsersApi.CreatedUserResponse>(response);
        Assert.Equal($"/api/v1/users/{created.User.Id}", response.Headers.Location?.OriginalString);
        Assert.True(created.User.MustChangePassword);
        Assert.Equal([Permission.Operator], created.User.Permissions);
        Assert.False(string.IsNullOrEmpty(created.OneTimePassword));

        var signIn = await app.Get<UserAccounts>().SignInAsync("jana.novakova@EXAMPLE.com", created.OneTimePassword!, Cancel);
        Assert.Equal(SignInOutcome.SignedIn, signIn.Outcome);
        Assert.True(signIn.User!.MustChangePassword);
    }

    [Fact]
    public async Task A_user_who_has_not_replaced_the_one_time_password_has_no_permissions_yet()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var issued = await app.Get<UserAccounts>().CreateAsync("Fresh", "fresh@example.com", [Role.AdministratorId], password: null, cancellationToken: Cancel);
        var client = app.ClientWithToken(await app.CreateTokenAsync(issued.User.Id));

        var refused = await Problem.ReadAsync(await client.GetAsync("/api/v1/users", Cancel));
        Assert.Equal(403, refused.Status);
        Assert.Contains("Choose your own password first", refused.Detail);

        using var change = await client.PutAsJsonAsync("/api/v1/me/password", new { currentPassword = issued.OneTimePassword, newPassword = "my-own-Password-9" }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", Cancel)).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_second_user_with_the_same_email_is_a_409(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();
        await admin.PostAsJsonAsync("/api/v1/users", new { name = "First", email = "twin@example.com" }, Cancel);

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { name = "Second", email = "TWIN@example.com" }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(409, problem.Status);
        Assert.Contains("twin@example.com", problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"name":"X","email":"not-an-email"}""", "email")]
    [InlineData("""{"name":"   ","email":"blank@example.com"}""", "name")]
    [InlineData("""{"name":"X","email":"roles@example.com","roleIds":["6f9619ff-8b86-d011-b42d-00cf4fc964ff"]}""", "roleIds")]
    [InlineData("""{"name":"X","email":"weak@example.com","password":"short"}""", "password")]
    [InlineData("""{"name":"X","email":"phone@example.com","phoneAddress":"agent7@10.0.0.15"}""", "phoneAddress")]
    [InlineData("""{"name":"X","email":"port@example.com","phoneAddress":"sip:agent7@10.0.0.15:70000"}""", "phoneAddress")]
    public async Task Invalid_user_data_is_a_400_naming_the_field(string json, string field)
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        using var response = await admin.PostAsync("/api/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_operators_phone_address_is_stored_changed_and_cleared(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var admin = await app.AdministratorClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/users",
            new { name = "Agent 7", email = "agent7@example.com", roleIds = new[] { Role.OperatorId }, phoneAddress = " sip:agent7@10.0.0.15:5060 " }, Cancel);
        var user = (await OutdialApp.ReadAsync<UsersApi.CreatedUserResponse>(created)).User;
        Assert.Equal("sip:agent7@10.0.0.15:5060", user.PhoneAddress);

        var url = $"/api/v1/users/{user.Id}";
        using var changed = await admin.PutAsJsonAsync(url,
            new { name = user.Name, email = user.Email, roleIds = new[] { Role.OperatorId }, isActive = true, phoneAddress = "sip:agent7@127.0.0.1:5072;transport=tcp" }, Cancel);
        Assert.Equal("sip:agent7@127.0.0.1:5072;transport=tcp", (await OutdialApp.ReadAsync<UsersApi.UserResponse>(changed)).PhoneAddress);

        using var refused = await admin.PutAsJsonAsync(url,
            new { name = user.Name, email = user.Email, roleIds = new[] { Role.OperatorId }, isActive = true, phoneAddress = "tel:+420777123456" }, Cancel);
        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(400, problem.Status);
        Assert.Contains("sip:", problem.Errors!["phoneAddress"][0], StringComparison.Ordinal);
        Assert.Equal("sip:agent7@127.0.0.1:5072;transport=tcp", (await app.Get<UserAccounts>().GetAsync(user.Id, Cancel)).PhoneAddress);

        using var cleared = await admin.PutAsJsonAsync(url, new { name = user.Name, email = user.Email, roleIds = new[] { Role.OperatorId }, isActive = true }, Cancel);
        Assert.Null((await OutdialApp.ReadAsync<UsersApi.UserResponse>(cleared)).PhoneAddress);
    }

    [Fact]
    public async Task Text_with_quotes_sql_and_html_is_stored_and_returned_verbatim()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        const string name = "Robert'); DROP TABLE users;-- <b>\"Bobby\"</b>";

        using var response = await admin.PostAsJsonAsync("/api/v1/users", new { name, email = "bobby@example.com" }, Cancel);
        var created = await OutdialApp.ReadAsync<UsersApi.CreatedUserResponse>(response);

        var read = await admin.GetFromJsonAsync<UsersApi.UserResponse>($"/api/v1/users/{created.User.Id}", JsonDefaults.Options, Cancel);
        Assert.Equal(name, read!.Name);
    }

    [Fact]
    public async Task Changing_roles_takes_effect_on_the_next_request()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        var user = await app.CreateUserAsync("Promoted", Role.OperatorId);
        var client = app.ClientWithToken(await app.CreateTokenAsync(user.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/roles", Cancel)).StatusCode);

        using var update = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}",
            new { name = user.Name, email = user.Email, roleIds = new[] { Role.AdministratorId }, isActive = true }, Cancel);

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/roles", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_can_neither_sign_in_nor_use_tokens()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        var user = await app.CreateUserAsync("Leaver", Role.SupervisorId);
        var client = app.ClientWithToken(await app.CreateTokenAsync(user.Id));

        using var update = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}",
            new { name = user.Name, email = user.Email, roleIds = new[] { Role.SupervisorId }, isActive = false }, Cancel);

        Assert.False((await OutdialApp.ReadAsync<UsersApi.UserResponse>(update)).IsActive);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", Cancel)).StatusCode);
        Assert.Equal(SignInOutcome.Failed, (await app.Get<UserAccounts>().SignInAsync(user.Email, "working-Password-2", Cancel)).Outcome);
        var inactive = await admin.GetFromJsonAsync<Page<UsersApi.UserResponse>>("/api/v1/users?active=false", JsonDefaults.Options, Cancel);
        Assert.Equal(user.Id, Assert.Single(inactive!.Items).Id);
    }

    [Fact]
    public async Task An_administrator_cannot_lock_themselves_out()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var me = await app.CreateUserAsync("Self", Role.AdministratorId);
        var client = app.ClientWithToken(await app.CreateTokenAsync(me.Id));

        using var response = await client.PutAsJsonAsync($"/api/v1/users/{me.Id}",
            new { name = me.Name, email = me.Email, roleIds = new[] { Role.OperatorId }, isActive = true }, Cancel);

        Assert.Equal(409, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task Resetting_a_password_issues_a_new_one_time_password()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        var user = await app.CreateUserAsync("Forgetful", Role.OperatorId);

        using var response = await admin.PostAsync($"/api/v1/users/{user.Id}/reset-password", null, Cancel);
        var reset = await OutdialApp.ReadAsync<UsersApi.PasswordResetResponse>(response);

        var accounts = app.Get<UserAccounts>();
        Assert.Equal(SignInOutcome.Failed, (await accounts.SignInAsync(user.Email, "working-Password-2", Cancel)).Outcome);
        var signIn = await accounts.SignInAsync(user.Email, reset.OneTimePassword, Cancel);
        Assert.True(signIn.User!.MustChangePassword);
    }

    [Fact]
    public async Task An_unknown_user_is_a_404_problem()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        using var response = await admin.GetAsync($"/api/v1/users/{Guid.NewGuid()}", Cancel);

        Assert.Equal(404, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task Roles_are_listed_with_their_permissions()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        var roles = await admin.GetFromJsonAsync<List<UsersApi.RoleResponse>>("/api/v1/roles", JsonDefaults.Options, Cancel);

        var supervisor = Assert.Single(roles!, r => r.Name == "Supervisor");
        Assert.Equal([Permission.ManageContacts, Permission.ManageCampaigns, Permission.ViewStatistics], supervisor.Permissions);
    }
}
