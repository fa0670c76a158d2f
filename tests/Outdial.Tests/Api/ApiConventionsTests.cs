using System.Net;
using System.Net.Http.Json;
using System.Text;
using Outdial.Api;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Api;

public sealed class ApiConventionsTests(PostgresServer postgres) : IAsyncLifetime
{
    private OutdialApp _app = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        _admin = await _app.AdministratorClientAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_answers_without_authentication_with_status_and_version()
    {
        var health = await _app.CreateClient().GetFromJsonAsync<HealthApi.HealthResponse>("/api/v1/health", JsonDefaults.Options, Cancel);

        Assert.Equal("ok", health!.Status);
        Assert.Equal("ok", health.Database);
        Assert.Matches(@"^\d+\.\d+\.\d+", health.Version);
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem()
    {
        using var response = await _admin.PostAsync("/api/v1/users", new StringContent("{\"name\": \"Jana\",", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.NotNull(problem.Detail);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        using var response = await _admin.PostAsync("/api/v1/users",
            Json("""{"name":"Jana","email":"jana@example.com","roleIds":"all of them"}"""), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("roleIds", problem.Errors!.Keys);
    }

    [Fact]
    public async Task A_misspelt_property_is_a_400_naming_it()
    {
        using var response = await _admin.PostAsync("/api/v1/users", Json("""{"name":"Jana","emial":"jana@example.com"}"""), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("emial", problem.Errors!.Keys);
    }

    [Fact]
    public async Task An_over_long_string_is_a_400_naming_the_field()
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/users", new { name = new string('x', 201), email = "long@example.com" }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(problem.Errors!.Keys, key => key.Equals("name", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_missing_required_field_is_a_400_naming_it()
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/users", new { name = "Jana" }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(problem.Errors!.Keys, key => key.Equals("email", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Correct the fields named in 'errors'", problem.Detail);
    }

    [Fact]
    public async Task An_unknown_enum_value_in_a_body_lists_the_values_and_not_a_type_name()
    {
        using var response = await _admin.PostAsync("/api/v1/contact-fields", Json("""{"key":"plan","label":"Plan","type":"choice"}"""), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("type", problem.Errors!.Keys);
        Assert.Contains("one of text, number, date, yesNo, oneOf", problem.Detail);
        Assert.DoesNotContain("Request", problem.Detail);
    }

    [Fact]
    public async Task An_unknown_enum_value_deep_in_a_body_lists_the_values_too()
    {
        using var response = await _admin.PostAsync("/api/v1/campaigns",
            Json("""{"name":"Hours","mode":"preview","callingHours":[{"day":"funday","from":"08:00","to":"17:00"}]}"""), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("callingHours[0].day", problem.Errors!.Keys);
        Assert.Contains("one of sunday, monday, tuesday", problem.Detail);
    }

    [Fact]
    public async Task A_request_without_its_body_says_so_without_naming_a_type()
    {
        using var response = await _admin.PostAsync("/api/v1/campaigns", new StringContent("", Encoding.UTF8, "application/json"), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("needs a JSON body", problem.Detail);
        Assert.DoesNotContain("CampaignRequest", problem.Detail);
    }

    [Theory]
    [InlineData("/api/v1/users?limit=abc", "limit", "'abc' is not a valid limit: expected a whole number")]
    [InlineData("/api/v1/users?active=maybe", "active", "expected true or false")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_the_parameter_and_what_it_takes(string url, string parameter, string expected)
    {
        var problem = await Problem.ReadAsync(await _admin.GetAsync(url, Cancel));

        Assert.Equal(400, problem.Status);
        Assert.Contains(parameter, problem.Errors!.Keys);
        Assert.Contains(expected, problem.Detail);
        Assert.DoesNotContain("Nullable", problem.Detail);
    }

    [Fact]
    public async Task Errors_the_framework_writes_with_a_status_only_also_say_what_to_do()
    {
        var unsupported = await Problem.ReadAsync(await _admin.PostAsync("/api/v1/contacts/imports", Json("{}"), Cancel));
        var wrongMethod = await Problem.ReadAsync(await _admin.PatchAsync("/api/v1/users", Json("{}"), Cancel));

        Assert.Equal(415, unsupported.Status);
        Assert.Contains("multipart/form-data", unsupported.Detail);
        Assert.Equal(405, wrongMethod.Status);
        Assert.Contains("does not take PATCH", wrongMethod.Detail);
    }

    [Theory]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task Paging_outside_its_range_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await _admin.GetAsync($"/api/v1/users?{query}", Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task Lists_return_the_total_and_the_requested_window()
    {
        for (var i = 0; i < 3; i++)
        {
            await _app.CreateUserAsync($"Paged {i}");
        }

        var page = await _admin.GetFromJsonAsync<Page<UsersApi.UserResponse>>("/api/v1/users?search=paged&offset=1&limit=1", JsonDefaults.Options, Cancel);

        Assert.Equal(3, page!.Total);
        Assert.Equal(1, page.Offset);
        Assert.Equal(1, page.Limit);
        Assert.Equal("Paged 1", Assert.Single(page.Items).Name);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        using var response = await _admin.GetAsync("/api/v1/no-such-thing", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(404, problem.Status);
        Assert.Contains("Nothing is at /api/v1/no-such-thing", problem.Detail);
    }

    [Theory]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer odt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_or_unknown_token_is_a_401_problem(string header)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        using var response = await client.GetAsync("/api/v1/me", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("token", (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task A_revoked_token_is_a_401_problem()
    {
        var user = await _app.CreateUserAsync("Revoker");
        var token = await _app.CreateTokenAsync(user.Id);
        var client = _app.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", Cancel)).StatusCode);

        var tokenId = (await _app.Get<ApiTokens>().ListAsync(user.Id, Cancel)).Single().Id;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tokens/{tokenId}", Cancel)).StatusCode);

        using var response = await client.GetAsync("/api/v1/me", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task A_browser_cookie_does_not_authenticate_api_calls()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{IdentityRegistration.CookieName}=anything");

        using var response = await client.GetAsync("/api/v1/me", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_its_bearer_scheme()
    {
        var document = await _app.CreateClient().GetStringAsync("/openapi/v1.json", Cancel);

        Assert.Contains("\"/api/v1/users\"", document);
        Assert.Contains("\"bearer\"", document);
    }

    [Fact]
    public async Task The_interactive_reference_and_metrics_are_served()
    {
        var client = _app.CreateClient();
        using var docs = await client.GetAsync("/api/docs/", Cancel);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs/scalar.js", Cancel)).StatusCode);

        await client.GetAsync("/api/v1/health", Cancel);
        var metrics = await client.GetStringAsync("/metrics", Cancel);
        Assert.Contains("http_request_duration_seconds", metrics);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
