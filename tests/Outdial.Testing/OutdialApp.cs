using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outdial.Identity;
using Outdial.Persistence;

namespace Outdial.Testing;

/// <summary>
/// The real Outdial server in process (<see cref="WebApplicationFactory{TEntryPoint}"/>) on a real
/// database of the chosen provider, with helpers to create users and tokens.
/// </summary>
public sealed class OutdialApp(TestDatabase database, bool ownsDatabase = false, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@outdial.test";
    public const string AdminPassword = "first-Admin-password-1";

    public TestDatabase Database { get; } = database;

    /// <param name="services">Replaces services after the server registered its own (e.g. a failing telephony provider).</param>
    public static async Task<OutdialApp> StartAsync(DatabaseProvider provider, PostgresServer postgres, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new OutdialApp(await TestDatabase.CreateAsync(provider, postgres), ownsDatabase: true, settings, services);
        _ = app.Services; // builds and starts the host: migrations and the first administrator
        return app;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration reaches Program's builder before it reads its settings (see
        // dotnet/aspnetcore#37680); app configuration would arrive too late.
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>(Database.Settings())
        {
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["urls"] = "http://127.0.0.1:0",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)));
        builder.ConfigureLogging(logging => logging.ClearProviders());
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }

        return base.CreateHost(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            Database.DeleteFiles();
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A user with the given roles, its password already changed (ready to work).</summary>
    public async Task<User> CreateUserAsync(string name, params Guid[] roleIds)
    {
        var accounts = Get<UserAccounts>();
        var email = $"user-{Guid.NewGuid():N}@outdial.test";
        var issued = await accounts.CreateAsync(name, email, roleIds, "initial-Password-1");
        return await accounts.ChangePasswordAsync(issued.User.Id, "initial-Password-1", "working-Password-2");
    }

    /// <summary>A user whose only role grants exactly <paramref name="permissions"/>.</summary>
    public async Task<User> CreateUserWithPermissionsAsync(string name, IEnumerable<Permission> permissions)
    {
        var role = new Role(Guid.NewGuid(), $"Test role {Guid.NewGuid():N}", "Created by a test.", permissions);
        await using (var db = Database.CreateContext())
        {
            db.Roles.Add(role);
            await db.SaveChangesAsync();
        }

        return await CreateUserAsync(name, role.Id);
    }

    public async Task<string> CreateTokenAsync(Guid userId, string name = "test")
    {
        var issued = await Get<ApiTokens>().CreateAsync(userId, name, expiresAt: null);
        return issued.Secret;
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client authenticated as a fresh administrator.</summary>
    public async Task<HttpClient> AdministratorClientAsync()
    {
        var admin = await CreateUserAsync("Test Administrator", Role.AdministratorId);
        return ClientWithToken(await CreateTokenAsync(admin.Id));
    }

    /// <summary>Reads a successful response's body; a failed response fails with its status and body.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Expected success, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var body = await response.Content.ReadFromJsonAsync<T>(JsonDefaults.Options);
        return body ?? throw new InvalidOperationException("The response had no body.");
    }
}
