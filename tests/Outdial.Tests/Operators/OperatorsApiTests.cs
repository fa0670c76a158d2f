using System.Net;
using System.Net.Http.Json;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Operators;

public sealed class OperatorsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OutdialApp _app = null!;
    private HttpClient _supervisor = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        _supervisor = await _app.AdministratorClientAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(User User, HttpClient Client)> OperatorAsync(string name)
    {
        var user = await _app.CreateUserAsync(name, Role.OperatorId);
        return (user, _app.ClientWithToken(await _app.CreateTokenAsync(user.Id)));
    }

    [Fact]
    public async Task An_operator_goes_online_and_supervisors_see_it()
    {
        var (user, client) = await OperatorAsync("Olga");

        using var response = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "online" }, Cancel);
        var state = await OutdialApp.ReadAsync<OperatorsApi.StateResponse>(response);

        Assert.Equal(OperatorState.Online, state.State);
        var operators = await _supervisor.GetFromJsonAsync<List<OperatorsApi.OperatorResponse>>("/api/v1/operators", JsonDefaults.Options, Cancel);
        Assert.Equal(OperatorState.Online, Assert.Single(operators!, o => o.UserId == user.Id).State);
    }

    [Fact]
    public async Task Setting_a_dialer_state_by_hand_is_a_409_naming_the_current_state()
    {
        var (_, client) = await OperatorAsync("Oto");

        using var response = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "onCall" }, Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(409, problem.Status);
        Assert.Contains("Offline", problem.Detail);
    }

    [Fact]
    public async Task A_break_needs_a_known_break_type()
    {
        var (_, client) = await OperatorAsync("Bára");
        using var missing = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "break" }, Cancel);
        Assert.Contains("breakTypeId", (await Problem.ReadAsync(missing)).Errors!.Keys);

        using var unknown = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "break", breakTypeId = Guid.NewGuid() }, Cancel);
        Assert.Contains("breakTypeId", (await Problem.ReadAsync(unknown)).Errors!.Keys);

        using var created = await _supervisor.PostAsJsonAsync("/api/v1/break-types", new { name = "Lunch", isPaid = false }, Cancel);
        var lunch = await OutdialApp.ReadAsync<OperatorsApi.BreakTypeResponse>(created);
        using var ok = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "break", breakTypeId = lunch.Id }, Cancel);
        Assert.Equal(lunch.Id, (await OutdialApp.ReadAsync<OperatorsApi.StateResponse>(ok)).BreakTypeId);
        var operators = await _supervisor.GetFromJsonAsync<List<OperatorsApi.OperatorResponse>>("/api/v1/operators", JsonDefaults.Options, Cancel);
        Assert.Equal("Lunch", Assert.Single(operators!, o => o.Name == "Bára").BreakReason);
    }

    [Fact]
    public async Task Every_change_is_stored_and_summed_per_day()
    {
        var (user, client) = await OperatorAsync("Historian");
        await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "online" }, Cancel);
        await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "offline" }, Cancel);

        var history = await _supervisor.GetFromJsonAsync<Page<OperatorsApi.StateChangeResponse>>($"/api/v1/operators/{user.Id}/state-history", JsonDefaults.Options, Cancel);
        var summary = await _supervisor.GetFromJsonAsync<OperatorsApi.DaySummaryResponse>($"/api/v1/operators/{user.Id}/state-summary", JsonDefaults.Options, Cancel);

        Assert.Equal([(OperatorState.Online, OperatorState.Offline), (OperatorState.Offline, OperatorState.Online)], history!.Items.Select(c => (c.From, c.To)));
        Assert.Equal(Enum.GetValues<OperatorState>().Length, summary!.Seconds.Count);
        Assert.Equal(0, summary.Seconds[OperatorState.OnCall]);
    }

    [Fact]
    public async Task The_day_summary_adds_up_the_seconds_in_each_state()
    {
        var user = await _app.CreateUserAsync("Timed", Role.OperatorId);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var states = new OperatorStates(_app.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<OutdialDbContext>>(), clock);
        await states.ChangeAsync(user.Id, OperatorState.Online, StateChangeSource.Operator);
        clock.Advance(TimeSpan.FromSeconds(90));
        await states.ChangeAsync(user.Id, OperatorState.OnCall, StateChangeSource.Dialer);
        clock.Advance(TimeSpan.FromSeconds(30));
        await states.ChangeAsync(user.Id, OperatorState.Acw, StateChangeSource.Dialer);
        clock.Advance(TimeSpan.FromSeconds(5));

        var summary = await states.DaySummaryAsync(user.Id, new DateOnly(2026, 11, 27));

        Assert.Equal(TimeSpan.FromSeconds(90), summary[OperatorState.Online]);
        Assert.Equal(TimeSpan.FromSeconds(30), summary[OperatorState.OnCall]);
        Assert.Equal(TimeSpan.FromSeconds(5), summary[OperatorState.Acw]);
    }

    [Theory]
    [InlineData("/api/v1/operators/me/state", "{}", "state")]
    [InlineData("/api/v1/settings", """{"defaultRegion":"CZ","defaultTimeZone":"Europe/Prague","callingHours":[],"abandonRateCapPercent":3}""", "campaignsEnabled")]
    [InlineData("/api/v1/settings", """{"defaultRegion":"CZ","defaultTimeZone":"Europe/Prague","callingHours":[{"from":"08:00","to":"12:00"}],"abandonRateCapPercent":3,"campaignsEnabled":true}""", "callingHours[0].day")]
    public async Task A_missing_required_value_is_a_400_not_a_silent_default(string path, string json, string field)
    {
        var (_, operatorClient) = await OperatorAsync("Required");
        var client = path.Contains("operators", StringComparison.Ordinal) ? operatorClient : _supervisor;

        using var response = await client.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Contains(field, (await Problem.ReadAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task A_user_without_the_operator_permission_is_not_listed_and_cannot_go_online()
    {
        var supervisor = await _app.CreateUserAsync("Sam Supervisor", Role.SupervisorId);

        var operators = await _supervisor.GetFromJsonAsync<List<OperatorsApi.OperatorResponse>>("/api/v1/operators", JsonDefaults.Options, Cancel);
        var problem = await Assert.ThrowsAsync<ConflictProblem>(() => _app.Get<OperatorStates>().ChangeAsync(supervisor.Id, OperatorState.Online, StateChangeSource.Operator));

        Assert.DoesNotContain(operators!, o => o.UserId == supervisor.Id);
        Assert.Contains("not an operator", problem.Message);
    }

    [Fact]
    public async Task Groups_take_operators_as_members_and_refuse_others()
    {
        var (olga, _) = await OperatorAsync("Olga");
        var supervisor = await _app.CreateUserAsync("Not an operator", Role.SupervisorId);

        using var bad = await _supervisor.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20, distribution = "longestIdle", memberIds = new[] { olga.Id, supervisor.Id } }, Cancel);
        Assert.Contains("memberIds[1]", (await Problem.ReadAsync(bad)).Errors!.Keys);

        using var good = await _supervisor.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20, distribution = "utilisation", memberIds = new[] { olga.Id } }, Cancel);
        var group = await OutdialApp.ReadAsync<OperatorsApi.GroupResponse>(good);
        Assert.Equal([olga.Id], group.MemberIds);
        Assert.Equal(CallDistribution.Utilisation, group.Distribution);

        using var duplicate = await _supervisor.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 20, distribution = "longestIdle" }, Cancel);
        Assert.Equal(409, (await Problem.ReadAsync(duplicate)).Status);

        using var badAcw = await _supervisor.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Slow", defaultAcwSeconds = 99999, distribution = "longestIdle" }, Cancel);
        Assert.Contains("defaultAcwSeconds", (await Problem.ReadAsync(badAcw)).Errors!.Keys);

        var operators = await _supervisor.GetFromJsonAsync<List<OperatorsApi.OperatorResponse>>("/api/v1/operators", JsonDefaults.Options, Cancel);
        Assert.Equal(["Sales"], Assert.Single(operators!, o => o.UserId == olga.Id).Groups);
        Assert.Equal(HttpStatusCode.NoContent, (await _supervisor.DeleteAsync($"/api/v1/operator-groups/{group.Id}", Cancel)).StatusCode);
    }
}
