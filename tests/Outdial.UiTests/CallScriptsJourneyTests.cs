using Microsoft.Playwright;
using Outdial.Identity;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>A supervisor designs a call script with a conditional question, tries it in the preview and saves it.</summary>
public sealed class CallScriptsJourneyTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task A_supervisor_designs_a_script_sees_errors_at_the_element_and_saves_version_1()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "call-scripts");
        var supervisorUser = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, supervisorUser.Email);

        await page.GetByTestId("nav-call-scripts").ClickAsync();
        await page.GetByTestId("new-script").ClickAsync();
        await page.GetByTestId("script-name").FillAsync("Winter offer");
        await page.GetByTestId("add-element").ClickAsync();
        await page.GetByTestId("add-Text").ClickAsync();
        await page.GetByTestId("element-0-text").FillAsync("Hello {firstName}, this is Outdial.");
        await page.GetByTestId("add-element").ClickAsync();
        await page.GetByTestId("add-YesNo").ClickAsync();
        await page.GetByTestId("save-script").ClickAsync();
        await Expect(page.GetByTestId("element-1")).ToContainTextAsync("Give the question a label");
        await page.GetByTestId("element-1-label").FillAsync("Interested?");
        await page.GetByTestId("add-element").ClickAsync();
        await page.GetByTestId("add-ShortText").ClickAsync();
        await page.GetByTestId("element-2-label").FillAsync("Why not?");
        await Expect(page.GetByTestId("element-2-key")).ToHaveValueAsync("whyNot");
        await page.GetByTestId("element-2").GetByLabel("Show only if").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Interested?" }).ClickAsync();
        await page.GetByTestId("element-2").GetByLabel("is", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "no", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("script-text1")).ToHaveTextAsync("Hello Jana, this is Outdial.");
        await Expect(page.GetByTestId("script-element-whyNot")).ToHaveCountAsync(0);
        await page.GetByTestId("script-interested-1").ClickAsync();
        await Expect(page.GetByTestId("script-element-whyNot")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "01-designer");

        await page.GetByTestId("save-script").ClickAsync();
        await Expect(page.GetByTestId("saved-message")).ToHaveTextAsync("Saved as version 1.");

        await page.GotoAsync("/settings/call-scripts");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Winter offer" });
        await Expect(row).ToContainTextAsync("3");
        await server.ScreenshotAsync(page, "02-list");
    }
}
