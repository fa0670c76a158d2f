using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>
/// The first minutes of a new installation: the administrator signs in with the one-time
/// password, chooses a real one, creates a user and an API token, and the token works.
/// </summary>
public sealed class FirstRunJourneyTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task Administrator_signs_in_changes_the_password_creates_a_user_and_a_token_that_calls_the_api()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "first-run");
        var page = await server.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.FillAsync("#email", OutdialApp.AdminEmail);
        await page.FillAsync("#password", OutdialApp.AdminPassword);
        await server.ScreenshotAsync(page, "01-sign-in");
        await page.ClickAsync("button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex("/account/change-password"));
        await Expect(page.GetByText("one-time password")).ToBeVisibleAsync();
        await page.FillAsync("#current", OutdialApp.AdminPassword);
        await page.FillAsync("#new", "my-own-Secret-42");
        await page.FillAsync("#confirm", "my-own-Secret-42");
        await server.ScreenshotAsync(page, "02-change-password");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Administrator" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).First).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "03-overview");

        await page.GotoAsync("/settings/users");
        await page.GetByTestId("create-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Jana Nováková");
        await dialog.GetByLabel("E-mail (used to sign in)").FillAsync("jana@example.com");
        await dialog.GetByText("Operator", new() { Exact = true }).ClickAsync();
        var phone = dialog.GetByLabel("Phone (SIP address)");
        await phone.FillAsync("jana@10.0.0.15");
        await phone.BlurAsync();
        await Expect(dialog.GetByText("must start with sip: or sips:")).ToBeVisibleAsync();
        await phone.FillAsync("sip:jana@10.0.0.15:5060");
        await phone.BlurAsync();
        await server.ScreenshotAsync(page, "04-create-user");
        await dialog.GetByTestId("save-user").ClickAsync();

        var oneTimePassword = await page.GetByTestId("one-time-password-value").InnerTextAsync();
        Assert.Equal(16, oneTimePassword.Length);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "jana@example.com" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "05-users");
        var jana = Assert.Single((await server.App.Get<Outdial.Identity.UserAccounts>().ListAsync("jana@example.com", null, Outdial.PageRequest.From(0, 10))).Items);
        Assert.Equal("sip:jana@10.0.0.15:5060", jana.PhoneAddress);

        await page.GotoAsync("/settings/api-tokens");
        await page.GetByLabel("Token name").FillAsync("CRM integration");
        await page.GetByTestId("create-token").ClickAsync();
        var token = (await page.GetByTestId("new-token-value").InnerTextAsync()).Trim();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "CRM integration" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "06-api-tokens");

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("jana@example.com", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_password_shows_one_generic_message_and_stays_on_the_sign_in_page()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "wrong-password");
        var page = await server.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#email", OutdialApp.AdminEmail);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Sign-in failed");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await server.ScreenshotAsync(page, "01-wrong-password");
    }

    [Fact]
    public async Task A_user_without_the_administer_permission_does_not_see_users()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "operator-menu");
        // Markup in a name is text: it must be shown as typed, never interpreted.
        const string name = "<b>Olga</b> \"O'Neil\"";
        var operatorUser = await server.App.CreateUserAsync(name, Outdial.Identity.Role.OperatorId);
        var page = await server.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#email", operatorUser.Email);
        await page.FillAsync("#password", "working-Password-2");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {name}" })).ToBeVisibleAsync();
        await Expect(page.Locator("h1 b")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Campaigns" })).ToHaveCountAsync(0);

        await page.GotoAsync("/settings/users");
        await Expect(page.GetByText("You do not have the permission")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "01-no-permission");
    }
}
