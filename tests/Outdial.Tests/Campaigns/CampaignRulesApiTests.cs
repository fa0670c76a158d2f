using System.Net.Http.Json;
using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Campaigns;

/// <summary><c>POST /api/v1/campaigns/rules/check</c> and rules on campaigns (docs/rules.md).</summary>
public sealed class CampaignRulesApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> CheckAsync(HttpClient admin, object body) =>
        await admin.PostAsJsonAsync("/api/v1/campaigns/rules/check", body, Cancel);

    [Fact]
    public async Task Faulty_rules_are_refused_naming_each_part()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        var problem = await Problem.ReadAsync(await CheckAsync(admin, new
        {
            rules = new object[]
            {
                new { then = new object[] { new { action = "callAgain" } } },
                new { when = new { contact = new { field = "custom:nothing", op = "eq", value = "x" } }, then = new object[] { new { action = "removeFromCampaign" } } },
            },
        }));

        Assert.Equal(400, problem.Status);
        Assert.Contains("rules[0].then[0]", problem.Errors!.Keys);
        Assert.Contains(problem.Errors.Keys, k => k.StartsWith("rules[1].when.contact", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_name_rules_that_never_match_and_an_example_outcome_shows_what_happens()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        var rules = new object[]
        {
            new { name = "Busy", when = new { dialResults = new[] { "busy" }, attempts = new { op = "lt", value = 3 } }, then = new object[] { new { action = "callAgain", afterMinutes = 10 } } },
            new { name = "Typo", when = new { results = new[] { "Sucess" } }, then = new object[] { new { action = "removeFromCampaign" } } },
        };

        using var busy = await CheckAsync(admin, new { rules, outcome = new { dialResult = "busy", attempts = 1 } });
        var report = await OutdialApp.ReadAsync<CampaignsApi.RulesCheckResponse>(busy);
        Assert.Equal(1, Assert.Single(report.Warnings).Rule);
        Assert.Contains("Sucess", report.Warnings[0].Message);
        Assert.Equal((0, "Busy", RecordState.RetryScheduled), (report.Outcome!.Rule, report.Outcome.RuleName, report.Outcome.State));
        Assert.InRange((report.Outcome.NextAttemptAt!.Value - DateTimeOffset.UtcNow).TotalMinutes, 9, 11);
        Assert.StartsWith("Rule 'Busy' applies", report.Outcome.Summary);

        // The third busy signal is past the rule: the defaults apply (attempts 3 of 3: failed).
        using var third = await CheckAsync(admin, new { rules, outcome = new { dialResult = "busy", attempts = 3 } });
        var defaults = (await OutdialApp.ReadAsync<CampaignsApi.RulesCheckResponse>(third)).Outcome!;
        Assert.Equal((null, RecordState.Failed), (defaults.Rule, defaults.State));
        Assert.StartsWith("No rule applies", defaults.Summary);

        using var dnc = await CheckAsync(admin, new { rules, outcome = new { dialResult = "answered", result = "Do not call" } });
        var blacklisted = (await OutdialApp.ReadAsync<CampaignsApi.RulesCheckResponse>(dnc)).Outcome!;
        Assert.Equal(RecordState.Blacklisted, blacklisted.State);
        Assert.Equal(["put the number on the blacklist"], blacklisted.Actions);

        var unknownResult = await Problem.ReadAsync(await CheckAsync(admin, new { rules, outcome = new { dialResult = "answered", result = "Maybe" } }));
        Assert.Contains("outcome.result", unknownResult.Errors!.Keys);
    }

    [Fact]
    public async Task A_campaign_keeps_valid_rules_and_refuses_faulty_ones()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();
        using var group = await admin.PostAsJsonAsync("/api/v1/operator-groups", new { name = "Sales", defaultAcwSeconds = 5 }, Cancel);
        var groupId = (await OutdialApp.ReadAsync<Outdial.Operators.OperatorsApi.GroupResponse>(group)).Id;

        var refused = await Problem.ReadAsync(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Rules", mode = "preview", routingGroupId = groupId,
            rules = new object[] { new { then = new object[] { new { action = "removeFromCampaign" }, new { action = "blacklist" } } } },
        }, Cancel));
        Assert.Contains("rules[0].then", refused.Errors!.Keys);

        using var created = await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Rules", mode = "preview", routingGroupId = groupId,
            rules = new object[] { new { name = "Evening", when = new { results = new[] { "Call back" } }, then = new object[] { new { action = "callAgain", at = "18:00" } } } },
        }, Cancel);
        var campaign = await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(created);
        Assert.Equal("Evening", campaign.Rules[0].GetProperty("name").GetString());
        Assert.Equal("18:00", campaign.Rules[0].GetProperty("then")[0].GetProperty("at").GetString());
    }
}
