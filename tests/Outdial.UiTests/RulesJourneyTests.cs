using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Campaigns;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>A supervisor writes campaign rules in the General tab: live warnings, a test on an example call, saved as the API shows them.</summary>
public sealed class RulesJourneyTests(PostgresServer postgres, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_supervisor_writes_rules_sees_a_warning_tests_a_busy_call_and_saves()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "rules");
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        await server.App.Get<OperatorGroups>().CreateAsync("Sales", 3, CallDistribution.LongestIdle, [], Cancel);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, supervisorUser.Email);
        await page.GotoAsync("/campaigns");
        await page.GetByTestId("create-campaign").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Busy lines");
        await dialog.GetByLabel("Operator group").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sales" }).ClickAsync();

        // Two rules without conditions: the second can never be reached, and the editor says so.
        await dialog.GetByTestId("add-rule").ClickAsync();
        await dialog.GetByTestId("add-rule").ClickAsync();
        await Expect(dialog.GetByTestId("rule-warning")).ToContainTextAsync("never reached");

        // The first rule only for busy lines, called again after 10 minutes: the warning goes.
        var first = dialog.GetByTestId("rule").First;
        await first.GetByTestId("rule-dial-results").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Busy" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await first.GetByTestId("rule-after-minutes").FillAsync("10");
        await first.GetByTestId("rule-after-minutes").PressAsync("Tab");
        await Expect(dialog.GetByTestId("rule-warning")).ToHaveCountAsync(0);
        await dialog.GetByTestId("rule").Nth(1).GetByTestId("rule-action").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "is removed from the campaign" }).ClickAsync();

        // An example busy call: the first rule applies.
        await dialog.GetByTestId("rule-test-dial").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Busy" }).ClickAsync();

        // The choice reaches the server before the test runs (under load the click on Test could overtake it).
        await Expect(dialog.GetByTestId("rule-test-dial")).ToHaveValueAsync("Busy");
        await dialog.GetByTestId("rule-test").ClickAsync();
        await Expect(dialog.GetByTestId("rule-test-outcome")).ToContainTextAsync(new Regex("Rule 'Rule 1' applies: the contact is called again at"));
        await server.ScreenshotAsync(page, "01-supervisor-writes-and-tests-rules");

        await dialog.GetByTestId("save-campaign").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Busy lines", Exact = true })).ToBeVisibleAsync();
        var saved = (await server.App.Get<CampaignDirectory>().ListAsync(null, null, PageRequest.From(0, 10), Cancel)).Items.Single();
        var rules = System.Text.Json.JsonDocument.Parse(saved.Settings.Rules).RootElement;
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal("busy", rules[0].GetProperty("when").GetProperty("dialResults")[0].GetString());
        Assert.Equal(10, rules[0].GetProperty("then")[0].GetProperty("afterMinutes").GetDouble());
        Assert.Equal("removeFromCampaign", rules[1].GetProperty("then")[0].GetProperty("action").GetString());
    }
}
