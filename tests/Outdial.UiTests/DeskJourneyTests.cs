using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Contacts;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Settings;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>A supervisor and an operator in two browsers: a preview campaign from creation to a successful call.</summary>
public sealed class DeskJourneyTests(PostgresServer postgres, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_takes_a_preview_call_while_the_supervisor_watches_the_counts_change()
    {
        await using var server = await UiServer.StartWithCallersAsync(postgres, chromium, "desk", talkSeconds: 4);
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var operatorUser = await server.App.CreateUserAsync("Olga Operator", Role.OperatorId);
        await server.App.Get<OperatorGroups>().CreateAsync("Sales", 3, CallDistribution.LongestIdle, [operatorUser.Id], Cancel);

        foreach (var (name, number) in new[] { ("Jana Nováková", "777100001"), ("Petr Svoboda", "777100002"), ("Eva Dvořáková", "777100003") })
        {
            await server.App.Get<ContactDirectory>().CreateAsync(new ContactInput(DisplayName: name, Phones: [new(number, "mobile")]), Actor.System, Cancel);
        }

        // The supervisor creates a preview campaign with a 5-second countdown and starts it.
        var supervisor = await server.NewPageAsync();
        await SignIn.AsAsync(supervisor, supervisorUser.Email);
        await supervisor.GotoAsync("/campaigns");
        await supervisor.GetByTestId("create-campaign").ClickAsync();
        var dialog = supervisor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Preview offer");
        await dialog.GetByTestId("campaign-mode").ClickAsync();
        await supervisor.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^Preview") }).ClickAsync();
        await dialog.GetByTestId("campaign-bcw").FillAsync("5");
        await dialog.GetByLabel("Operator group").ClickAsync();
        await supervisor.GetByRole(AriaRole.Option, new() { Name = "Sales" }).ClickAsync();
        await server.ScreenshotAsync(supervisor, "01-supervisor-creates-preview-campaign");
        await dialog.GetByTestId("save-campaign").ClickAsync();
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "Preview offer", Exact = true }).ClickAsync();
        await Expect(supervisor.GetByRole(AriaRole.Heading, new() { Name = "Preview offer", Exact = true })).ToBeVisibleAsync();
        await Expect(supervisor.GetByText("preview, BCW 5 s", new() { Exact = false })).ToBeVisibleAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        var counts = supervisor.GetByTestId("campaign-counts");
        await Expect(counts).ToContainTextAsync("3 records");
        await Expect(counts).ToContainTextAsync("0 processed");
        await Expect(supervisor.GetByTestId("campaign-live")).ToBeVisibleAsync();

        // The operator goes online: the first contact is offered on their desk.
        var operatorPage = await server.NewPageAsync();
        await SignIn.AsAsync(operatorPage, operatorUser.Email);
        await operatorPage.GetByTestId("nav-desk").ClickAsync();
        await operatorPage.GetByTestId("my-state").ClickAsync();
        await operatorPage.GetByTestId("go-online").ClickAsync();
        await Expect(operatorPage.GetByTestId("waiting-session")).ToContainTextAsync("Preview offer");
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("Offered to you");
        await Expect(operatorPage.GetByTestId("contact-name")).ToHaveTextAsync("Jana Nováková");
        await server.ScreenshotAsync(operatorPage, "02-operator-sees-offer");
        await Expect(supervisor.GetByTestId("live-operators")).ToContainTextAsync("Offered: 1");

        // Accept: the countdown runs, then the call rings on the operator's line and connects.
        await operatorPage.GetByTestId("accept-session").ClickAsync();
        await Expect(operatorPage.GetByTestId("bcw-countdown")).ToContainTextAsync(new Regex("Dialling in [1-5] s"));
        await server.ScreenshotAsync(operatorPage, "03-bcw-countdown");
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("Connected", new() { Timeout = 20_000 });
        await Expect(operatorPage.GetByTestId("call-duration")).ToContainTextAsync("Connected for 00:0");
        await Expect(supervisor.GetByTestId("live-calls")).ToContainTextAsync("1 connected");
        await operatorPage.GetByTestId("session-note").FillAsync("Interested in the yearly plan.");
        await operatorPage.GetByTestId("result-select").ClickAsync();
        await operatorPage.GetByRole(AriaRole.Option, new() { Name = "Success" }).ClickAsync();
        await server.ScreenshotAsync(operatorPage, "04-connected-with-result");

        // The person hangs up; after the 3-second wrap-up the next contact arrives by itself.
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("After the call", new() { Timeout = 20_000 });
        await server.ScreenshotAsync(operatorPage, "05-after-call");
        await Expect(operatorPage.GetByTestId("contact-name")).ToHaveTextAsync("Petr Svoboda", new() { Timeout = 20_000 });
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("Offered to you");

        // The supervisor's page changed without reloading: one record processed, a success.
        await Expect(counts).ToContainTextAsync("1 processed");
        await Expect(counts).ToContainTextAsync("Success: 1");
        await Expect(supervisor.GetByTestId("call-figures")).ToContainTextAsync("1 connected");
        await Expect(supervisor.GetByTestId("call-figures")).ToContainTextAsync("connect rate 100");
        await server.ScreenshotAsync(supervisor, "06-supervisor-sees-success");
        var record = supervisor.GetByTestId("records-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Jana Nováková" });
        await supervisor.ReloadAsync();
        await Expect(record).ToContainTextAsync("Success");

        // The session is on Jana's timeline.
        await record.GetByRole(AriaRole.Link, new() { Name = "Jana Nováková" }).ClickAsync();
        await Expect(supervisor.GetByTestId("timeline")).ToContainTextAsync("Campaign Preview offer: offered to Olga Operator, accepted; called +420777100001, answered");
        await Expect(supervisor.GetByTestId("timeline")).ToContainTextAsync("result Success. Note: Interested in the yearly plan.");
        await server.ScreenshotAsync(supervisor, "07-timeline");
    }
}
