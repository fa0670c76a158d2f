using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Identity;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>An operator goes Online and the supervisor sees it live; the administrator turns campaigns off.</summary>
public sealed class OperatorsJourneyTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task An_operator_going_online_appears_live_on_the_supervisors_operators_page()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "operators");
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var operatorUser = await server.App.CreateUserAsync("Olga Operator", Role.OperatorId);

        var supervisor = await server.NewPageAsync();
        await SignIn.AsAsync(supervisor, supervisorUser.Email);
        await supervisor.GotoAsync("/operators");
        var olgaState = supervisor.GetByTestId($"state-{operatorUser.Email}");
        await Expect(olgaState).ToHaveTextAsync("Offline");

        var operatorPage = await server.NewPageAsync();
        await SignIn.AsAsync(operatorPage, operatorUser.Email);
        await operatorPage.GetByTestId("my-state").ClickAsync();
        await operatorPage.GetByTestId("go-online").ClickAsync();
        await Expect(operatorPage.GetByTestId("my-state")).ToHaveTextAsync("Online");
        await server.ScreenshotAsync(operatorPage, "01-operator-online");

        await Expect(olgaState).ToHaveTextAsync("Online");
        await server.ScreenshotAsync(supervisor, "02-supervisor-sees-online");
    }

    [Fact]
    public async Task A_supervisor_creates_a_campaign_draft_starts_it_and_clones_it()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "campaigns");
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var operatorUser = await server.App.CreateUserAsync("Olga Operator", Role.OperatorId);
        await server.App.Get<Outdial.Operators.OperatorGroups>().CreateAsync("Sales", 20, Outdial.Operators.CallDistribution.LongestIdle, [operatorUser.Id], TestContext.Current.CancellationToken);
        await server.App.Get<Outdial.Contacts.ContactDirectory>().CreateAsync(new Outdial.Contacts.ContactInput("Jana", Phones: [new("777123456", "mobile")]), Outdial.Contacts.Actor.System, TestContext.Current.CancellationToken);
        await server.App.Get<Outdial.Contacts.ContactDirectory>().CreateAsync(new Outdial.Contacts.ContactInput("Karel", Phones: [new("777123457", "mobile")]), Outdial.Contacts.Actor.System, TestContext.Current.CancellationToken);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, supervisorUser.Email);

        await page.GotoAsync("/campaigns");
        await page.GetByTestId("create-campaign").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Winter offer");
        await dialog.GetByLabel("Operator group").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sales" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Contacts" }).ClickAsync();
        await Expect(dialog.GetByTestId("campaign-matching")).ToContainTextAsync("2 contacts match");

        // Only Jana: a filter built here, counted as it is written.
        await dialog.GetByTestId("campaign-filter-here").ClickAsync();
        var condition = dialog.GetByTestId("filter-condition").First;
        await condition.GetByLabel("Operator").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "starts with" }).ClickAsync();
        await condition.GetByTestId("filter-value").FillAsync("Ja");
        await Expect(dialog.GetByTestId("campaign-matching")).ToContainTextAsync("1 contact matches");
        await server.ScreenshotAsync(page, "01-create");
        await dialog.GetByTestId("save-campaign").ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Winter offer" });
        await Expect(row).ToContainTextAsync("Draft");
        await Expect(row.GetByTestId("campaign-progress")).ToContainTextAsync("No records yet");
        await row.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Running");
        await Expect(row.GetByTestId("campaign-progress")).ToContainTextAsync("0 of 1 processed");
        await row.GetByRole(AriaRole.Button, new() { Name = "Clone" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Winter offer (copy)" })).ToContainTextAsync("Draft");
        await server.ScreenshotAsync(page, "02-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Winter offer", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("campaign-counts")).ToContainTextAsync("1 records");
        await Expect(page.GetByTestId("records-table").GetByRole(AriaRole.Link, new() { Name = "Jana" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "03-detail");

        // While it runs: more attempts, calling hours (first written wrongly) and one more result.
        await page.GetByTestId("edit-campaign").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Calls" }).ClickAsync();
        await dialog.GetByTestId("campaign-max-attempts").FillAsync("5");
        await dialog.GetByTestId("campaign-calling-hours").FillAsync("Monday mornings");
        await dialog.GetByTestId("save-campaign").ClickAsync();
        await Expect(dialog.GetByTestId("campaign-errors")).ToContainTextAsync("is not a day's window");
        await dialog.GetByTestId("campaign-calling-hours").FillAsync("Mon 09:00-17:00");
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        await Expect(dialog.GetByTestId("result-code-name")).ToHaveCountAsync(4);
        await dialog.GetByTestId("add-result-code").ClickAsync();

        // Wait for the new row: on a busy machine "Last" could still be the fourth one.
        await Expect(dialog.GetByTestId("result-code-name")).ToHaveCountAsync(5);
        await dialog.GetByTestId("result-code-name").Last.FillAsync("Wrong person");
        await server.ScreenshotAsync(page, "04-edit");
        await dialog.GetByTestId("save-campaign").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByText("up to 5 attempts")).ToBeVisibleAsync();
        await Expect(page.GetByText("calling hours: Mon 09:00-17:00")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("campaign-result-codes")).ToContainTextAsync("Wrong person (Unsuccessful, final)");
        var stored = await server.App.Get<Outdial.Campaigns.CampaignDirectory>().ListAsync(null, null, new Outdial.PageRequest(0, 10), TestContext.Current.CancellationToken);
        Assert.Equal(5, stored.Items.Single(c => c.Settings.Name == "Winter offer").Settings.MaxAttempts);

        // Pause it here, then clone it the way the product brief says: tick the heading, Options → Create a campaign.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Winter offer", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Paused", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByTestId("select-campaign").ClickAsync();
        await page.GetByTestId("campaign-options").ClickAsync();
        await page.GetByTestId("options-create-campaign").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Winter offer (copy)", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Draft", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("campaign-counts")).ToContainTextAsync("1 records");
        await Expect(page.GetByText("up to 5 attempts")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "05-cloned-from-detail");
    }

    [Fact]
    public async Task Turning_the_campaigns_feature_off_removes_the_megaphone()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "campaigns-switch");
        var admin = await server.App.CreateUserAsync("Adam Admin", Role.AdministratorId);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, admin.Email);
        await Expect(page.GetByTestId("nav-campaigns")).ToBeVisibleAsync();

        await page.GotoAsync("/settings/general");
        await page.GetByTestId("campaigns-enabled").ClickAsync();
        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();

        await Expect(page.GetByTestId("nav-campaigns")).ToHaveCountAsync(0);
        await server.ScreenshotAsync(page, "01-campaigns-off");
        await page.GotoAsync("/campaigns");
        await Expect(page.GetByText(new Regex("campaigns feature is turned off"))).ToBeVisibleAsync();

        // Its sessions and call scripts go with it, even when their address is typed.
        await Expect(page.GetByTestId("nav-sessions")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-call-scripts")).ToHaveCountAsync(0);
        foreach (var address in new[] { "/sessions", "/settings/call-scripts" })
        {
            await page.GotoAsync(address);
            await Expect(page.GetByTestId("campaigns-off")).ToBeVisibleAsync();
        }
    }
}

internal static class SignIn
{
    public static async Task AsAsync(IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "working-Password-2");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Welcome") })).ToBeVisibleAsync();
    }
}
