using System.Net;
using System.Net.Http.Json;
using System.Text;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Sessions;
using Outdial.Testing;

namespace Outdial.Tests.Sessions;

public sealed class SessionsApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<Page<SessionSummary>> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/sessions?{query}", Cancel);
        return await OutdialApp.ReadAsync<Page<SessionSummary>>(response);
    }

    /// <summary>The seed's session names (A1 … A5) that the list answers, in its order.</summary>
    private static async Task<string> NamesAsync(HttpClient client, SessionLogSeed seed, string query) =>
        string.Join(" ", (await ListAsync(client, query)).Items.Select(s => "A" + (seed.Sessions.ToList().IndexOf(s.Id) + 1)));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_filter_selects_exactly_the_sessions_it_names(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var seed = await SessionLogSeed.WriteAsync(app);

        var expectations = new (string Query, string Sessions)[]
        {
            ("", "A5 A4 A3 A2 A1"),
            ($"campaignId={seed.Spring}", "A4 A3"),
            ($"campaignId={seed.Spring}&campaignId={seed.Winter}", "A5 A4 A3 A2 A1"),
            ($"operatorId={seed.Petr.Id}", "A4 A2"),
            ($"contactId={seed.Jana}", "A5 A4 A1"),
            ("contact=nováK", "A5 A4 A1"),
            ("contact=řEHOŘ", "A3"),
            ("phone=777 100 020", "A3"),
            ("phone=%2B42077710003", "A4"),
            ("from=2026-11-20T09:10:00Z&to=2026-11-20T09:30:00Z", "A3 A2"),
            ("dialledFrom=2026-11-20T09:10:00Z&dialledTo=2026-11-20T09:30:00Z", "A3 A2"),
            ("connectedFrom=2026-11-20T09:10:00Z", "A5 A3"),
            ("endedTo=2026-11-20T09:10:30Z", "A2 A1"),
            ("dialResult=answered&dialResult=Busy", "A5 A4 A3 A1"),
            ("result=Success", "A5 A1"),
            ("minTalkSeconds=30&maxTalkSeconds=100", "A3 A1"),
            ("hasNote=true", "A3 A1"),
            ("hasNote=false", "A5 A4 A2"),
            ("note=říjen", "A3"),
            ("param.interested=yes", "A5 A1"),
            ("param.interested.neq=yes", "A4 A3 A2"),
            ("param.interested.contains=LATER", "A4"),
            ("param.interested.startsWith=ma", "A4"),
            ("param.interested.in=no&param.interested.in=maybe later", "A4 A3"),
            ("param.interested.isEmpty=true", "A2"),
            ("param.offer.tier.isNotEmpty=true", "A5"),
            ("param.offer.tier=premium", "A5"),
            ("param.budget.gt=300", "A5 A1"),
            ("param.budget.gte=300&param.budget.lt=5000", "A3 A1"),
            ("param.budget.lte=300", "A3"),
            ($"param.interested=yes&param.budget.gt=2000&campaignId={seed.Winter}&operatorId={seed.Olga.Id}", "A5"),
            ("param.interested=yes&param.interested.contains=no", ""),
        };

        foreach (var (query, sessions) in expectations)
        {
            Assert.True(sessions == await NamesAsync(client, seed, query), $"{query}: expected {sessions}, got {await NamesAsync(client, seed, query)}");
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Sessions_sort_by_any_built_in_column_and_pages_walk_each_session_once(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var seed = await SessionLogSeed.WriteAsync(app);

        Assert.Equal("A1 A2 A3 A4 A5", await NamesAsync(client, seed, "sort=started"));
        // Sessions without the value come last either way on every database; ties keep the newest first.
        Assert.Equal("A5 A1 A3 A4 A2", await NamesAsync(client, seed, "sort=-talkTime"));
        Assert.Equal("A3 A1 A5 A4 A2", await NamesAsync(client, seed, "sort=talkTime"));
        Assert.Equal("A4 A2 A5 A3 A1", await NamesAsync(client, seed, "sort=-operator"));
        Assert.Equal("A5 A4 A1 A2 A3", await NamesAsync(client, seed, "sort=contact"));
        Assert.Equal("A4 A3 A5 A2 A1", await NamesAsync(client, seed, "sort=campaign"));

        var first = await ListAsync(client, "sort=started&offset=0&limit=2");
        var second = await ListAsync(client, "sort=started&offset=2&limit=2");
        var third = await ListAsync(client, "sort=started&offset=4&limit=2");
        Assert.Equal((5, 0, 2), (first.Total, first.Offset, first.Limit));
        Assert.Equal(seed.Sessions, first.Items.Concat(second.Items).Concat(third.Items).Select(s => s.Id).ToList());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Setting_parameters_adds_and_changes_them_and_null_or_empty_removes_them(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var client = await app.AdministratorClientAsync();
        var seed = await SessionLogSeed.WriteAsync(app);
        var longValue = string.Concat(Enumerable.Range(0, 400).Select(i => Guid.NewGuid().ToString("N")))[..SessionParameter.MaxValueLength];

        using var response = await client.PutAsync($"/api/v1/sessions/{seed.A1}/parameters",
            Json($$"""{"interested":"No","budget":null,"source":"web","comment":"","essay":"{{longValue}}"}"""), Cancel);

        var parameters = await OutdialApp.ReadAsync<Dictionary<string, string>>(response);
        Assert.Equal(new[] { "essay", "interested", "source" }, parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("No", parameters["interested"]);
        var detail = await client.GetFromJsonAsync<SessionDetail>($"/api/v1/sessions/{seed.A1}", JsonDefaults.Options, Cancel);
        Assert.Equal(parameters, detail!.Session.Parameters);
        Assert.Equal("A1", await NamesAsync(client, seed, $"param.essay={Uri.EscapeDataString(longValue.ToUpperInvariant())}"));
        Assert.Equal("A4 A3 A1", await NamesAsync(client, seed, "param.interested.in=no&param.interested.in=maybe later"));
        Assert.Equal("A5 A3", await NamesAsync(client, seed, "param.budget.isNotEmpty=true&param.budget.gt=0"));

        var names = await client.GetFromJsonAsync<SessionsApi.ParameterNamesResponse>("/api/v1/sessions/parameters", JsonDefaults.Options, Cancel);
        Assert.Equal(new[] { "budget", "essay", "interested", "offer.tier", "source" }, names!.Names);
    }

    [Fact]
    public async Task A_bad_parameter_name_or_value_is_a_400_naming_it_and_nothing_is_written()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var seed = await SessionLogSeed.WriteAsync(app);

        using var response = await client.PutAsync($"/api/v1/sessions/{seed.A2}/parameters",
            Json($$"""{"fine":"yes","1st choice":"x","long":"{{new string('x', SessionParameter.MaxValueLength + 1)}}"}"""), Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal(new[] { "parameters.1st choice", "parameters.long" }, problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("starting with a letter", problem.Errors["parameters.1st choice"][0]);
        Assert.Equal("A2", await NamesAsync(client, seed, "param.fine.isEmpty=true&operatorId=" + seed.Petr.Id + "&dialResult=NoAnswer"));
    }

    [Fact]
    public async Task Parameters_of_an_unknown_session_are_a_404()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();

        using var response = await client.PutAsync($"/api/v1/sessions/{Guid.NewGuid()}/parameters", Json("""{"interested":"yes"}"""), Cancel);

        Assert.Equal(404, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task An_operator_sets_parameters_on_their_own_sessions_only()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var seed = await SessionLogSeed.WriteAsync(app);
        var olga = app.ClientWithToken(await app.CreateTokenAsync(seed.Olga.Id));

        using var own = await olga.PutAsync($"/api/v1/sessions/{seed.A1}/parameters", Json("""{"interested":"very"}"""), Cancel);
        using var others = await olga.PutAsync($"/api/v1/sessions/{seed.A2}/parameters", Json("""{"interested":"very"}"""), Cancel);
        using var list = await olga.GetAsync("/api/v1/sessions", Cancel);

        Assert.Equal("very", (await OutdialApp.ReadAsync<Dictionary<string, string>>(own))["interested"]);
        var problem = await Problem.ReadAsync(others);
        Assert.Equal(403, problem.Status);
        Assert.Contains("another operator", problem.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task Export_has_the_chosen_columns_in_their_order_for_the_filtered_sessions_with_formulas_neutralised()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var supervisor = await app.CreateUserWithPermissionsAsync("Statistician", [Permission.ViewStatistics]);
        var client = app.ClientWithToken(await app.CreateTokenAsync(supervisor.Id));
        var seed = await SessionLogSeed.WriteAsync(app);
        await app.Get<SessionParameters>().SetAsync(seed.A5, new Dictionary<string, string?> { ["source"] = "=HYPERLINK(\"http://evil.example\")" }, Cancel);

        var csv = await client.GetStringAsync("/api/v1/sessions/export.csv?columns=param.source,result,contact,talkTime&param.interested=yes&sort=started", Cancel);

        Assert.Equal(
            "param.source,result,contact,talkTime\r\n" +
            ",Success,Jana Nováková,80\r\n" +
            "\"'=HYPERLINK(\"\"http://evil.example\"\")\",Success,Jana Nováková,200\r\n",
            csv.TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task A_session_shows_its_names_parameters_note_and_timeline()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();
        var seed = await SessionLogSeed.WriteAsync(app);

        var detail = (await client.GetFromJsonAsync<SessionDetail>($"/api/v1/sessions/{seed.A3}", JsonDefaults.Options, Cancel))!;

        Assert.Equal(("Spring survey", "Řehoř Dvořák", "Olga Operator", "Call after ŘÍJEN"),
            (detail.Session.CampaignName, detail.Session.ContactName, detail.Session.OperatorName, detail.Session.Note));
        Assert.Equal("no", detail.Session.Parameters["interested"]);
        Assert.Equal(new[] { "offered", "accepted", "dialled", "answered", "connected", "ended", "result" }, detail.Timeline.Select(m => m.Kind));
        Assert.Equal(SessionLogSeed.Start.AddMinutes(20).AddSeconds(51), detail.Timeline[^2].At);
        Assert.StartsWith("Campaign Spring survey: offered to Olga Operator, accepted; called +420777100020, answered, talked 30 s", detail.Description);
    }

    [Fact]
    public async Task An_unknown_session_is_a_404()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();

        using var response = await client.GetAsync($"/api/v1/sessions/{Guid.NewGuid()}", Cancel);

        Assert.Equal(404, (await Problem.ReadAsync(response)).Status);
    }

    [Theory]
    [InlineData("dialResult=Sometimes", "dialResult")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-40", "to")]
    [InlineData("endedFrom=yesterday", "endedFrom")]
    [InlineData("campaignId=winter", "campaignId")]
    [InlineData("minTalkSeconds=-5", "minTalkSeconds")]
    [InlineData("hasNote=perhaps", "hasNote")]
    [InlineData("campaign=Winter", "campaign")]
    [InlineData("param.budget.gt=lots", "param.budget.gt")]
    [InlineData("param.1st=x", "param.1st")]
    [InlineData("param.interested=", "param.interested")]
    [InlineData("sort=loudness", "sort")]
    [InlineData("limit=0", "limit")]
    public async Task A_bad_query_value_is_a_400_naming_the_query_parameter(string query, string field)
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();

        using var response = await client.GetAsync($"/api/v1/sessions?{query}", Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal(field, Assert.Single(problem.Errors!.Keys));
    }

    [Fact]
    public async Task Export_refuses_an_unknown_column_naming_columns()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var client = await app.AdministratorClientAsync();

        using var response = await client.GetAsync("/api/v1/sessions/export.csv?columns=campaign,mood", Cancel);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Contains("'mood'", problem.Errors!["columns"][0]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
