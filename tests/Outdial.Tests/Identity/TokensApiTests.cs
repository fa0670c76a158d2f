using System.Net;
using System.Net.Http.Json;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Identity;

public sealed class TokensApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OutdialApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_created_over_the_api_works_and_is_listed_without_its_secret()
    {
        var user = await _app.CreateUserAsync("Integrator", Role.SupervisorId);
        var client = _app.ClientWithToken(await _app.CreateTokenAsync(user.Id, "bootstrap"));

        using var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "CRM sync" }, Cancel);
        var created = await OutdialApp.ReadAsync<AccountApi.CreatedTokenResponse>(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith(ApiToken.Prefix, created.Token);
        var me = await _app.ClientWithToken(created.Token).GetFromJsonAsync<UsersApi.UserResponse>("/api/v1/me", JsonDefaults.Options, Cancel);
        Assert.Equal(user.Id, me!.Id);

        var listed = await client.GetStringAsync("/api/v1/tokens", Cancel);
        Assert.Contains("CRM sync", listed);
        Assert.DoesNotContain(created.Token, listed);
    }

    [Fact]
    public async Task Using_a_token_records_when_it_was_last_used()
    {
        var user = await _app.CreateUserAsync("User");
        var client = _app.ClientWithToken(await _app.CreateTokenAsync(user.Id));
        Assert.Null((await _app.Get<ApiTokens>().ListAsync(user.Id, Cancel)).Single().LastUsedAt);

        await client.GetAsync("/api/v1/me", Cancel);

        Assert.NotNull((await _app.Get<ApiTokens>().ListAsync(user.Id, Cancel)).Single().LastUsedAt);
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_token()
    {
        var owner = await _app.CreateUserAsync("Owner");
        await _app.CreateTokenAsync(owner.Id);
        var ownerTokenId = (await _app.Get<ApiTokens>().ListAsync(owner.Id, Cancel)).Single().Id;
        var other = await _app.CreateUserAsync("Other");

        using var response = await _app.ClientWithToken(await _app.CreateTokenAsync(other.Id)).DeleteAsync($"/api/v1/tokens/{ownerTokenId}", Cancel);

        Assert.Equal(404, (await Problem.ReadAsync(response)).Status);
        Assert.Null((await _app.Get<ApiTokens>().ListAsync(owner.Id, Cancel)).Single().RevokedAt);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"old","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task Invalid_token_requests_are_a_400_naming_the_field(string json, string field)
    {
        var user = await _app.CreateUserAsync("User");
        var client = _app.ClientWithToken(await _app.CreateTokenAsync(user.Id));

        using var response = await client.PostAsync("/api/v1/tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(problem.Errors!.Keys, key => key.Equals(field, StringComparison.OrdinalIgnoreCase));
    }
}
