using Microsoft.Playwright;
using Outdial.Identity;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>An administrator registers a webhook, keeps its secret and sees a test delivery that cannot get through.</summary>
public sealed class WebhooksJourneyTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task An_administrator_adds_a_webhook_sees_its_secret_once_and_follows_a_test_delivery()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "webhooks");
        var admin = await server.App.CreateUserAsync("Adam Administrator", Role.AdministratorId);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, admin.Email);

        await page.GetByTestId("nav-webhooks").ClickAsync();
        await Expect(page.GetByTestId("webhooks-table")).ToContainTextAsync("No webhooks yet");
        await page.GetByTestId("create-webhook").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("webhook-url").FillAsync("crm.example.com/hook");
        await dialog.GetByTestId("save-webhook").ClickAsync();
        await Expect(dialog).ToContainTextAsync("absolute http or https address");
        await server.ScreenshotAsync(page, "01-field-error");

        // Nothing listens on port 9 of 127.0.0.1: every attempt is refused.
        await dialog.GetByTestId("webhook-url").FillAsync("http://127.0.0.1:9/hook");
        await dialog.GetByTestId("webhook-event-campaign.stateChanged").ClickAsync();
        await dialog.GetByTestId("save-webhook").ClickAsync();
        var secret = await page.GetByTestId("webhook-secret-value").TextContentAsync();
        Assert.StartsWith("whsec_", secret);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "http://127.0.0.1:9/hook" });
        await Expect(row).ToContainTextAsync("campaign.stateChanged");
        await Expect(row).ToContainTextAsync(secret![^4..]);
        await server.ScreenshotAsync(page, "02-secret-once");

        await row.GetByTestId("webhook-ping").ClickAsync();
        var deliveries = page.GetByTestId("webhook-deliveries-panel");
        await Expect(deliveries).ToContainTextAsync("ping");
        for (var i = 0; i < 50 && !(await deliveries.TextContentAsync() ?? "").Contains("Could not connect", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            await deliveries.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        }

        await Expect(deliveries).ToContainTextAsync("Could not connect");
        await server.ScreenshotAsync(page, "03-deliveries");

        await deliveries.GetByTestId("delivery-retry").ClickAsync();
        await Expect(deliveries.GetByTestId("deliveries-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/download/webhooks/.+/deliveries.csv"));
    }
}
