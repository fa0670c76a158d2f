using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Identity;
using Outdial.Operators;
using Outdial.Scripts;
using Outdial.Settings;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>
/// Issue 9's journey: a supervisor designs a script with a closed question, an operator answers it
/// during a simulated call, and the supervisor finds the answer as a column in Sessions, filters by it
/// and exports the view.
/// </summary>
public sealed class ScriptedCallJourneyTests(PostgresServer postgres, Chromium chromium)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_given_during_a_call_becomes_a_sessions_column_to_filter_and_export()
    {
        await using var server = await UiServer.StartWithCallersAsync(postgres, chromium, "scripted-call", talkSeconds: 60);
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var operatorUser = await server.App.CreateUserAsync("Olga Operator", Role.OperatorId);
        var group = await server.App.Get<OperatorGroups>().CreateAsync("Sales", 2, CallDistribution.LongestIdle, [operatorUser.Id], Cancel);
        await server.App.Get<ContactDirectory>().CreateAsync(new ContactInput(FirstName: "Jana", LastName: "Nováková", Phones: [new("777100001", "mobile")]), Actor.System, Cancel);

        // The supervisor designs the script: a greeting and a required closed question.
        var supervisor = await server.NewPageAsync();
        await SignIn.AsAsync(supervisor, supervisorUser.Email);
        await supervisor.GetByTestId("nav-call-scripts").ClickAsync();
        await supervisor.GetByTestId("new-script").ClickAsync();
        await supervisor.GetByTestId("script-name").FillAsync("Winter offer");
        await supervisor.GetByTestId("add-element").ClickAsync();
        await supervisor.GetByTestId("add-Text").ClickAsync();
        await supervisor.GetByTestId("element-0-text").FillAsync("Hello {firstName}, this is the winter offer.");
        await supervisor.GetByTestId("add-element").ClickAsync();
        await supervisor.GetByTestId("add-SingleChoice").ClickAsync();
        await supervisor.GetByTestId("element-1-label").FillAsync("Interested");
        await supervisor.GetByTestId("element-1-required").ClickAsync();
        await Expect(supervisor.GetByTestId("element-1-options-0")).ToBeVisibleAsync();
        await supervisor.GetByTestId("element-1-options-add").ClickAsync();
        await supervisor.GetByTestId("element-1-options-0").FillAsync("Yes");
        await supervisor.GetByTestId("element-1-options-1").FillAsync("No");
        await Expect(supervisor.GetByTestId("element-1-key")).ToHaveValueAsync("interested");
        await supervisor.GetByTestId("save-script").ClickAsync();
        await Expect(supervisor.GetByTestId("saved-message")).ToHaveTextAsync("Saved as version 1.");
        await server.ScreenshotAsync(supervisor, "01-script-designed");

        // A progressive campaign with that script, started.
        var script = (await server.App.Get<CallScripts>().ListAsync(PageRequest.From(0, 10), Cancel)).Items.Single();
        var directory = server.App.Get<CampaignDirectory>();
        var campaign = await directory.CreateAsync(new CampaignSettings(
            "Winter calls", "", CampaignMode.Progressive, 0, 50, group.Id, CampaignGoal.AllContactsProcessed, CampaignSettings.DefaultResultCodes, [],
            CallerIdRotation.RoundRobin, null, 3, 25, 60, CampaignSettings.FirstValidPhone, null, CallScriptId: script.Script.Id), Cancel);
        await directory.ApplyAsync(campaign.Id, CampaignAction.Start, Cancel);

        // The operator reads the script during the call; finishing without the answer names the question.
        var operatorPage = await server.NewPageAsync();
        await SignIn.AsAsync(operatorPage, operatorUser.Email);
        await operatorPage.GetByTestId("nav-desk").ClickAsync();
        await operatorPage.GetByTestId("my-state").ClickAsync();
        await operatorPage.GetByTestId("go-online").ClickAsync();
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("Connected", new() { Timeout = 20_000 });
        await Expect(operatorPage.GetByTestId("desk-script")).ToContainTextAsync("Hello Jana, this is the winter offer.");
        await operatorPage.GetByTestId("result-select").ClickAsync();
        await operatorPage.GetByRole(AriaRole.Option, new() { Name = "Success" }).ClickAsync();
        await operatorPage.GetByTestId("finish-session").ClickAsync();
        await Expect(operatorPage.GetByTestId("script-element-interested")).ToContainTextAsync(new Regex("answer", RegexOptions.IgnoreCase));
        await Expect(operatorPage.GetByTestId("desk-stage")).ToHaveTextAsync("Connected");
        await Expect(operatorPage.GetByTestId("script-interested-2")).ToHaveCountAsync(0);
        await operatorPage.GetByTestId("script-interested-0").ClickAsync();
        await server.ScreenshotAsync(operatorPage, "02-operator-answers-the-script");
        await operatorPage.GetByTestId("finish-session").ClickAsync();
        // The session ends (and with it this one-contact campaign).
        await Expect(operatorPage.GetByTestId("waiting-session")).ToHaveCountAsync(0, new() { Timeout = 20_000 });

        // The supervisor adds the answer as a column in Sessions, filters by it and exports the view.
        await supervisor.GetByTestId("nav-sessions").ClickAsync();
        await Expect(supervisor.GetByTestId("cell-contact")).ToHaveCountAsync(1);
        await supervisor.GetByTestId("sessions-columns").ClickAsync();
        await supervisor.GetByTestId("column-param.interested").ClickAsync();
        await supervisor.Keyboard.PressAsync("Escape");
        await Expect(supervisor.GetByTestId("cell-param.interested")).ToHaveTextAsync("Yes");
        await supervisor.GetByTestId("filter-param.interested").FillAsync("No");
        await Expect(supervisor.GetByTestId("sessions-empty")).ToBeVisibleAsync();
        await supervisor.GetByTestId("filter-param.interested").FillAsync("Yes");
        await Expect(supervisor.GetByTestId("cell-contact")).ToHaveCountAsync(1);
        await server.ScreenshotAsync(supervisor, "03-sessions-filtered-by-the-answer");
        var href = await supervisor.GetByTestId("sessions-export").GetAttributeAsync("href");
        var csv = (await (await supervisor.Context.APIRequest.GetAsync(href!)).TextAsync()).TrimStart('\uFEFF').Split("\r\n");
        Assert.EndsWith(",param.interested", csv[0]);
        Assert.StartsWith("Winter calls,Jana Nováková,", csv[1]);
        Assert.EndsWith(",Success,Yes", csv[1]);
    }
}
