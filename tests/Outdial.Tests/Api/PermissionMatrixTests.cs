using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Api;

/// <summary>
/// Walks every endpoint the application maps under /api/v1, so that an endpoint added later is
/// checked without anyone remembering to write a test: 401 without credentials, 403 without its
/// permission, and reachable with it.
/// </summary>
public sealed partial class PermissionMatrixTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Endpoints that anyone may call. Adding one here is a deliberate, reviewed decision.</summary>
    private static readonly HashSet<string> Anonymous = ["GET /api/v1/health"];

    private OutdialApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_matrix_sees_the_endpoints_of_the_application()
    {
        var endpoints = ApiEndpoints().Select(e => e.Name).ToList();
        Assert.Contains("GET /api/v1/users", endpoints);
        Assert.Contains("POST /api/v1/tokens", endpoints);
        Assert.True(endpoints.Count >= 10, $"Only {endpoints.Count} endpoints found: {string.Join(", ", endpoints)}");
    }

    [Fact]
    public void Every_endpoint_states_who_may_call_it()
    {
        foreach (var endpoint in ApiEndpoints())
        {
            var declarations = new[] { endpoint.IsAnonymous, endpoint.Permissions is not null, endpoint.ForSignedInUser }.Count(d => d);
            Assert.True(declarations == 1, $"{endpoint.Name} must declare exactly one of AllowAnonymous, RequirePermission or RequireSignedInUser.");
            Assert.Equal(Anonymous.Contains(endpoint.Name), endpoint.IsAnonymous);
        }
    }

    [Fact]
    public void Every_campaign_endpoint_is_switched_off_with_the_campaigns_feature()
    {
        var campaignEndpoints = _app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/v1/campaigns", StringComparison.Ordinal));

        Assert.All(campaignEndpoints, e => Assert.NotNull(e.Metadata.GetMetadata<Outdial.Settings.CampaignsFeatureMetadata>()));
    }

    [Fact]
    public async Task Every_protected_endpoint_answers_401_with_a_problem_without_credentials()
    {
        var client = _app.CreateClient();
        foreach (var endpoint in ApiEndpoints().Where(e => !e.IsAnonymous))
        {
            using var response = await client.SendAsync(endpoint.Request(), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Name} answered {(int)response.StatusCode} without credentials.");
            var problem = await Problem.ReadAsync(response);
            Assert.Equal(401, problem.Status);
        }
    }

    [Fact]
    public async Task Every_endpoint_with_a_permission_answers_403_without_it_and_lets_the_permission_in()
    {
        // Keyed by the permissions joined with '|', as in policy names.
        var clientsWithout = new Dictionary<string, HttpClient>();
        var clientsWith = new Dictionary<Permission, HttpClient>();
        foreach (var permission in Enum.GetValues<Permission>())
        {
            var without = await _app.CreateUserWithPermissionsAsync("Without", Enum.GetValues<Permission>().Where(p => p != permission));
            clientsWithout[permission.ToString()] = _app.ClientWithToken(await _app.CreateTokenAsync(without.Id));
            var with = await _app.CreateUserWithPermissionsAsync("With", [permission]);
            clientsWith[permission] = _app.ClientWithToken(await _app.CreateTokenAsync(with.Id));
        }

        // An endpoint that any of several permissions opens is refused to a user who has none of them.
        foreach (var anyOf in ApiEndpoints().Select(e => e.Permissions).OfType<IReadOnlyList<Permission>>().Where(p => p.Count > 1).DistinctBy(p => string.Join('|', p)))
        {
            var without = await _app.CreateUserWithPermissionsAsync("Without any", Enum.GetValues<Permission>().Except(anyOf));
            clientsWithout[string.Join('|', anyOf)] = _app.ClientWithToken(await _app.CreateTokenAsync(without.Id));
        }

        foreach (var endpoint in ApiEndpoints().Where(e => e.Permissions is not null))
        {
            var permissions = endpoint.Permissions!;
            using (var response = await clientsWithout[string.Join('|', permissions)].SendAsync(endpoint.Request(), TestContext.Current.CancellationToken))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint.Name} answered {(int)response.StatusCode} to a user without {string.Join(" or ", permissions)}.");
                var problem = await Problem.ReadAsync(response);
                Assert.All(permissions, p => Assert.Contains(p.DisplayName(), problem.Detail));
            }

            // Each of the permissions alone lets the caller in.
            foreach (var permission in permissions)
            {
                using var response = await clientsWith[permission].SendAsync(endpoint.Request(), TestContext.Current.CancellationToken);
                Assert.True(
                    response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{endpoint.Name} refused a user who has {permission}: {(int)response.StatusCode}.");
            }
        }
    }

    [Fact]
    public async Task Endpoints_for_any_signed_in_user_need_no_permission()
    {
        var nobody = await _app.CreateUserWithPermissionsAsync("No permissions", []);
        var client = _app.ClientWithToken(await _app.CreateTokenAsync(nobody.Id));
        foreach (var endpoint in ApiEndpoints().Where(e => e.ForSignedInUser))
        {
            using var response = await client.SendAsync(endpoint.Request(), TestContext.Current.CancellationToken);
            Assert.True(
                response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{endpoint.Name} refused a signed-in user: {(int)response.StatusCode}.");
        }
    }

    /// <param name="Permissions">The permissions of which the endpoint needs any one; <c>null</c> when it declares none.</param>
    private sealed record ApiEndpoint(string Method, string Pattern, bool IsAnonymous, IReadOnlyList<Permission>? Permissions, bool ForSignedInUser, bool TakesForm)
    {
        public string Name => $"{Method} {Pattern}";

        public HttpRequestMessage Request()
        {
            var path = RouteParameter().Replace(Pattern, match => match.Groups["constraint"].Value.Contains("int") ? "1" : Guid.NewGuid().ToString());
            var request = new HttpRequestMessage(new HttpMethod(Method), path);
            if (TakesForm)
            {
                request.Content = new MultipartFormDataContent();
            }
            else if (Method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            return request;
        }
    }

    private IEnumerable<ApiEndpoint> ApiEndpoints()
    {
        var sources = _app.Get<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/').TrimEnd('/');
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            var permission = policies
                .Where(p => p.StartsWith(PermissionPolicy.Prefix, StringComparison.Ordinal))
                .Select(p => PermissionRequirement.FromPolicyName(p) ?? throw new InvalidOperationException($"{p} names no permission."))
                .SingleOrDefault();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var signedIn = endpoint.Metadata.GetMetadata<SignedInUserMetadata>() is not null;
            var takesForm = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(t => t.StartsWith("multipart/", StringComparison.Ordinal)) == true;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return new ApiEndpoint(method, pattern, anonymous, permission, signedIn, takesForm);
            }
        }
    }

    [GeneratedRegex(@"\{(?<name>\w+)(?<constraint>:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
