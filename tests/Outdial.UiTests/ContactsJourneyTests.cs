using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Outdial.Identity;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>A supervisor prepares contacts for a campaign: a custom field, contacts, a saved filter with its count.</summary>
public sealed class ContactsJourneyTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task Administrator_creates_a_field_adds_two_contacts_and_saves_a_filter_with_its_count()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "contacts");
        var admin = await server.App.CreateUserAsync("Alena Admin", Role.AdministratorId);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, admin.Email);

        await page.GotoAsync("/settings/contact-fields");
        await page.GetByTestId("field-label").FillAsync("Tier");
        await page.GetByTestId("field-key").FillAsync("tier");
        await page.GetByTestId("field-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "One of a list" }).ClickAsync();
        await page.GetByTestId("field-options").FillAsync("Gold, Silver");
        await page.GetByTestId("create-field").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "tier", Exact = true })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "01-contact-fields");

        await page.GotoAsync("/contacts");
        await AddContactAsync(page, "Jana", "Nováková", "+420 777 123 456", "Gold", server, "02-add-contact");
        await AddContactAsync(page, "Petr", "Dvořák", "602111222", "Silver", server, null);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Jana Nováková" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Petr Dvořák" })).ToBeVisibleAsync();

        await page.GetByTestId("open-filter").ClickAsync();
        var condition = page.GetByTestId("filter-condition").First;
        await condition.GetByLabel("Field").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Phone", Exact = true }).ClickAsync();
        await condition.GetByLabel("Operator").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "starts with" }).ClickAsync();
        await condition.GetByTestId("filter-value").FillAsync("+420777");
        await Expect(page.GetByTestId("filter-count")).ToHaveTextAsync("1 contact matches");

        await page.GetByTestId("filter-name").FillAsync("Mobile 777");
        await page.GetByTestId("save-filter").ClickAsync();
        await Expect(page.GetByText("Filter 'Mobile 777' saved.")).ToBeVisibleAsync();
        await page.GetByTestId("apply-filter").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Petr Dvořák" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Jana Nováková" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "03-saved-filter");

        var saved = await server.App.Get<Outdial.Contacts.SavedFilters>().ListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await server.App.Get<Outdial.Contacts.SavedFilters>().CountAsync(Assert.Single(saved, f => f.Name == "Mobile 777").Id, TestContext.Current.CancellationToken));

        await page.GetByRole(AriaRole.Cell, new() { Name = "Jana Nováková" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contacts/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Created by Alena Admin");
        await server.ScreenshotAsync(page, "04-contact-detail");
    }

    [Fact]
    public async Task A_supervisor_uploads_a_csv_checks_the_mapping_and_imports_it()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "import");
        var supervisor = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        var file = Path.Combine(Path.GetTempPath(), $"outdial-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Outdial.Csv.CsvEncoding.Windows1250.GetBytes(
            "Jméno;Příjmení;Telefon;E-mail\nJana;Dvořáková;777 123 456;jana@example.com\nPetr;Černý;00420 602 111 222;not-an-email\nJ.;Dvořáková;+420777123456;\nEva;Malá;12;\n"), TestContext.Current.CancellationToken);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, supervisor.Email);

        await page.GotoAsync("/contacts");
        await page.GetByTestId("upload-csv").ClickAsync();

        // Blazor reads a chosen file only once its script has taken over the input (it marks the
        // element then); under load a file set before that was never read in one run.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await Expect(page.GetByTestId("import-analysis")).ToContainTextAsync("windows-1250");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Dvořáková" }).First).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "01-mapping");
        await page.GetByTestId("start-import").ClickAsync();

        await Expect(page.GetByTestId("import-state")).ToHaveTextAsync("The import is finished.");
        await Expect(page.GetByTestId("import-counts")).ToContainTextAsync("4 rows: 2 created, 1 updated, 0 skipped, 1 failed");
        await Expect(page.GetByTestId("import-invalid-phones")).ToContainTextAsync("1 phone is not a valid number");
        await Expect(page.GetByTestId("import-errors")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "02-result");
        await page.GetByTestId("close-import").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "J. Dvořáková" })).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "03-contacts");
        File.Delete(file);
    }

    private static async Task AddContactAsync(IPage page, string first, string last, string phone, string tier, UiServer server, string? screenshot)
    {
        await page.GetByTestId("add-contact").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("First name").FillAsync(first);
        await dialog.GetByLabel("Last name").FillAsync(last);
        await dialog.GetByLabel("Number").FillAsync(phone);
        await Expect(dialog.GetByText(new Regex(@"✓ \+420"))).ToBeVisibleAsync();
        await dialog.GetByLabel("Tier").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = tier }).ClickAsync();
        if (screenshot is not null)
        {
            await server.ScreenshotAsync(page, screenshot);
        }

        await dialog.GetByTestId("save-contact").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }
}
