using System.Net.Http.Json;
using Outdial.Campaigns;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

/// <summary>A server with the campaign engine on the simulated carrier, and helpers to set up a campaign to run.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    /// <summary>Everyone answers within half a second and talks for <c>TALK</c> seconds.</summary>
    private const string AlwaysAnswers = """
        { "name": "always answers", "operators": 1, "pickupRate": 1, "busyRate": 0, "invalidRate": 0,
          "ringSeconds": { "dist": "uniform", "min": 0.1, "max": 0.5 }, "talkSeconds": { "dist": "fixed", "value": TALK },
          "wrapUpSeconds": { "dist": "fixed", "value": 1 }, "patienceSeconds": 5 }
        """;

    private readonly string _scenario;

    private EngineFixture(OutdialApp app, HttpClient admin, string scenario)
    {
        App = app;
        Admin = admin;
        _scenario = scenario;
    }

    public OutdialApp App { get; }

    public HttpClient Admin { get; }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <param name="scenario">A scenario (benchmarks.md §1); people who always answer and talk <paramref name="talkSeconds"/> when null.</param>
    /// <param name="settings">More configuration, e.g. another telephony provider.</param>
    public static async Task<EngineFixture> StartAsync(DatabaseProvider provider, PostgresServer postgres, double talkSeconds = 30, string? scenario = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"outdial-scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, scenario ?? AlwaysAnswers.Replace("TALK", talkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cancel);
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Telephony:Scenario"] = file };
        var app = await OutdialApp.StartAsync(provider, postgres, configuration, services);
        return new EngineFixture(app, await app.AdministratorClientAsync(), file);
    }

    /// <summary>An operator (with an API token) in a new group.</summary>
    public async Task<(Guid GroupId, IReadOnlyList<(User User, HttpClient Client)> Operators)> OperatorsAsync(int count, int acwSeconds = 5)
    {
        var operators = new List<(User, HttpClient)>();
        for (var i = 0; i < count; i++)
        {
            var user = await App.CreateUserAsync($"Operator {i + 1}", Role.OperatorId);
            operators.Add((user, App.ClientWithToken(await App.CreateTokenAsync(user.Id))));
        }

        using var group = await Admin.PostAsJsonAsync("/api/v1/operator-groups", new { name = $"Group {Guid.NewGuid():N}", defaultAcwSeconds = acwSeconds, memberIds = operators.Select(o => o.Item1.Id) }, Cancel);
        return ((await OutdialApp.ReadAsync<OperatorsApi.GroupResponse>(group)).Id, operators);
    }

    public async Task AddContactsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await Admin.PostAsJsonAsync("/api/v1/contacts", new { firstName = $"Callee {i}", phones = new[] { new { number = $"+420 777 200 {i:000}", label = "mobile" } } }, Cancel);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Calling hours of every day from 00:00 to 23:59, as the API takes them: tests run at any time of day.</summary>
    public static IEnumerable<object> AnyHour => Enum.GetValues<DayOfWeek>().Select(d => new { day = d.ToString().ToLowerInvariant(), from = "00:00", to = "23:59" });

    /// <summary>Creates and starts a campaign that may call at any hour (tests run at any time of day).</summary>
    /// <param name="rules">The campaign's rules (docs/rules.md), none when null.</param>
    /// <param name="tenantHours">The campaign keeps the tenant's calling hours instead of any hour.</param>
    public async Task<Guid> StartCampaignAsync(Guid groupId, string mode, int maxAttempts = 3, int bcwSeconds = 5, int retryDelayMinutes = 60, object? rules = null, Guid? callScriptId = null, bool tenantHours = false)
    {
        using var created = await Admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = $"{mode} campaign", mode, bcwSeconds, pickupRatePercent = 50, routingGroupId = groupId, maxAttempts, ringTimeoutSeconds = 15,
            retryDelayMinutes, callingHours = tenantHours ? null : AnyHour, rules = rules ?? Array.Empty<object>(), callScriptId,
        }, Cancel);
        var id = (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created)).Id;
        using var started = await Admin.PostAsync($"/api/v1/campaigns/{id}/start", null, Cancel);
        started.EnsureSuccessStatusCode();
        return id;
    }

    public static async Task GoOnlineAsync(HttpClient client)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "online" }, Cancel);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The operator's desk now.</summary>
    public static async Task<Outdial.Engine.DeskApi.DeskResponse> DeskAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Outdial.Engine.DeskApi.DeskResponse>("/api/v1/desk", JsonDefaults.Options, Cancel))!;

    /// <summary>The operator's desk once they hold a connected (or wrapped-up) session.</summary>
    public static Task<Outdial.Engine.DeskApi.DeskResponse> ConnectedDeskAsync(HttpClient client) => EventuallyAsync(
        () => DeskAsync(client), d => d.Stage is Outdial.Engine.DeskStage.Connected or Outdial.Engine.DeskStage.WrapUp && d.SessionId is not null);

    /// <summary>The operator takes <paramref name="count"/> calls in turn and completes each with the body <paramref name="complete"/> gives for its desk.</summary>
    public static async Task WorkCallsAsync(HttpClient client, int count, Func<Outdial.Engine.DeskApi.DeskResponse, object> complete)
    {
        for (var done = 0; done < count; done++)
        {
            var desk = await ConnectedDeskAsync(client);
            using var completed = await client.PostAsJsonAsync($"/api/v1/desk/sessions/{desk.SessionId}/complete", complete(desk), Cancel);
            completed.EnsureSuccessStatusCode();
            await EventuallyAsync(() => DeskAsync(client), d => d.SessionId != desk.SessionId);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails with what was last seen.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold in time; last seen: {value}");
            }

            await Task.Delay(100, Cancel);
        }
    }

    public async Task<CampaignState> StateOfAsync(Guid campaignId) =>
        (await Admin.GetFromJsonAsync<CampaignsApi.CampaignResponse>($"/api/v1/campaigns/{campaignId}", JsonDefaults.Options, Cancel))!.State;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        File.Delete(_scenario);
    }
}
