using Microsoft.Playwright;
using Outdial.Campaigns;
using Outdial.Contacts;
using Outdial.Identity;
using Outdial.Sessions;
using Outdial.Testing;
using static Microsoft.Playwright.Assertions;

namespace Outdial.UiTests;

/// <summary>The Sessions page: a parameter as a column, a filter on it, the view in the address and its CSV export.</summary>
public sealed class SessionsPageTests(PostgresServer postgres, Chromium chromium)
{
    [Fact]
    public async Task A_supervisor_shows_a_parameter_column_filters_by_it_and_exports_what_is_shown()
    {
        await using var server = await UiServer.StartAsync(postgres, chromium, "sessions");
        var supervisor = await server.App.CreateUserAsync("Sára Supervisor", Role.SupervisorId);
        await SeedAsync(server.App);
        var page = await server.NewPageAsync();
        await SignIn.AsAsync(page, supervisor.Email);

        await page.GetByTestId("nav-sessions").ClickAsync();
        await Expect(page.GetByTestId("cell-contact")).ToHaveCountAsync(2);
        await page.GetByTestId("sessions-columns").ClickAsync();
        await page.GetByTestId("column-param.interested").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("filter-param.interested").FillAsync("YES");

        await Expect(page.GetByTestId("cell-contact")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("cell-param.interested")).ToHaveTextAsync("yes");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("param.interested=YES"));
        await server.ScreenshotAsync(page, "01-parameter-column-filtered");

        var href = await page.GetByTestId("sessions-export").GetAttributeAsync("href");
        var csv = await (await page.Context.APIRequest.GetAsync(href!)).TextAsync();
        Assert.Equal("campaign,contact,phone,operator,started,talkTime,dialResult,result,param.interested\r\n" +
                     "Winter offer,Jana Nováková,'+420777100001,,2026-11-20T09:00:00Z,80,Answered,Success,yes\r\n", csv.TrimStart('\uFEFF'));

        await page.GetByTestId("cell-contact").ClickAsync();
        await Expect(page.GetByTestId("session-detail")).ToContainTextAsync("Wants the yearly plan");
        await Expect(page.GetByTestId("session-parameters")).ToContainTextAsync("interested");
        await server.ScreenshotAsync(page, "02-session-detail");
    }

    private static async Task SeedAsync(OutdialApp app)
    {
        var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        var campaign = new Campaign(new CampaignSettings(
            "Winter offer", "", CampaignMode.Preview, 10, 50, Guid.NewGuid(), CampaignGoal.AllContactsProcessed, CampaignSettings.DefaultResultCodes, [],
            CallerIdRotation.RoundRobin, null, 3, 25, 60, CampaignSettings.FirstValidPhone, null), start);
        var jana = Contact.Create(new ContactInput("Jana", "Nováková"), DirectoryRules.Default, start, out _);
        var karel = Contact.Create(new ContactInput("Karel", "Svoboda"), DirectoryRules.Default, start, out _);
        var answered = new CampaignAttempt(Guid.NewGuid(), campaign.Id, Guid.NewGuid(), jana.Id, "+420777100001", start) { DialResult = "Answered", Result = "Success", Note = "Wants the yearly plan" };
        answered.Dialled(start);
        answered.ConnectedAt = start.AddSeconds(10);
        answered.Ended(start.AddSeconds(90));
        var busy = new CampaignAttempt(Guid.NewGuid(), campaign.Id, Guid.NewGuid(), karel.Id, "+420777100002", start.AddMinutes(5)) { DialResult = "Busy" };
        await using var db = app.Database.CreateContext();
        db.Campaigns.Add(campaign);
        db.Contacts.AddRange(jana, karel);
        db.CampaignAttempts.AddRange(answered, busy);
        db.SessionParameters.AddRange(new SessionParameter(answered.Id, "interested", "yes", start), new SessionParameter(busy.Id, "interested", "no", start));
        await db.SaveChangesAsync();
    }
}
