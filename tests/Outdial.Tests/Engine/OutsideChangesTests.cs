using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Engine;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

/// <summary>
/// Running campaigns follow changes made outside them: who is in their routing group, which group
/// that is, the group's wrap-up time, and the tenant's calling hours and abandon cap.
/// </summary>
public sealed class OutsideChangesTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_taken_out_of_the_group_finishes_the_call_and_wrap_up_and_then_works_their_other_campaign()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 3);
        var (firstGroup, operators) = await engine.OperatorsAsync(1);
        var (user, client) = operators[0];
        var secondGroup = await GroupAsync(engine, "Second", 5, user.Id);
        await engine.AddContactsAsync(3);
        var first = await engine.StartCampaignAsync(firstGroup, "progressive");
        var second = await engine.StartCampaignAsync(secondGroup, "progressive");
        await EngineFixture.GoOnlineAsync(client);
        var call = await EngineFixture.ConnectedDeskAsync(client);
        Assert.Equal(first, call.CampaignId);

        await ChangeGroupAsync(engine, firstGroup, "First", 5);

        // The call goes on into wrap-up (not closed as if they had gone offline); once they choose
        // the result, the next call comes from the campaign they still belong to.
        var wrapUp = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.Stage != DeskStage.Connected);
        Assert.Equal((DeskStage.WrapUp, call.SessionId), (wrapUp.Stage, wrapUp.SessionId));
        using var completed = await client.PostAsJsonAsync($"/api/v1/desk/sessions/{call.SessionId}/complete", new { result = "Success" }, Cancel);
        completed.EnsureSuccessStatusCode();
        var next = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.SessionId is not null && d.SessionId != call.SessionId);
        Assert.Equal(second, next.CampaignId);

        await using var db = engine.App.Database.CreateContext();
        var attempt = await db.CampaignAttempts.AsNoTracking().SingleAsync(a => a.CampaignId == first, Cancel);
        Assert.Equal("Success", attempt.Result);
    }

    [Fact]
    public async Task A_preview_session_not_yet_dialled_by_an_operator_taken_out_of_the_group_goes_to_one_still_in_it()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (groupId, operators) = await engine.OperatorsAsync(2);
        var removed = operators[0].Client;
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(removed);
        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(removed), d => d.Stage == DeskStage.Offered);
        using var accepted = await removed.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/accept", null, Cancel);
        accepted.EnsureSuccessStatusCode();
        await EngineFixture.EventuallyAsync(() => StateAsync(removed), s => s == OperatorState.Bcw);
        await EngineFixture.GoOnlineAsync(operators[1].Client);

        await ChangeGroupAsync(engine, groupId, "Remaining", 5, operators[1].User.Id);

        // The countdown is called off and the operator, with no campaign left, is stored as Online again.
        await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(removed), d => d.Stage == DeskStage.Idle);
        await EngineFixture.EventuallyAsync(() => StateAsync(removed), s => s == OperatorState.Online);
        var taken = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(operators[1].Client), d => d.Stage == DeskStage.Offered);
        Assert.Equal((campaignId, offered.ContactId), (taken.CampaignId, taken.ContactId));
        await EngineFixture.EventuallyAsync(
            async () =>
            {
                await using var db = engine.App.Database.CreateContext();
                return (await db.CampaignAttempts.AsNoTracking().SingleAsync(a => a.Id == offered.SessionId, Cancel)).SessionEnd;
            },
            end => end == "Withdrawn: you are no longer in the campaign's operator group");
    }

    [Fact]
    public async Task A_running_campaign_routed_to_another_group_is_worked_by_that_group()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (oldGroup, before) = await engine.OperatorsAsync(1);
        var (newGroup, after) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(oldGroup, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(before[0].Client);
        await EngineFixture.GoOnlineAsync(after[0].Client);
        await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(before[0].Client), d => d.Stage == DeskStage.Offered);
        Assert.Equal(DeskStage.Idle, (await EngineFixture.DeskAsync(after[0].Client)).Stage);

        using var changed = await engine.Admin.PutAsJsonAsync($"/api/v1/campaigns/{campaignId}", new
        {
            name = "preview campaign", mode = "preview", bcwSeconds = 600, routingGroupId = newGroup, ringTimeoutSeconds = 15,
            callingHours = EngineFixture.AnyHour,
        }, Cancel);
        changed.EnsureSuccessStatusCode();

        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(after[0].Client), d => d.Stage == DeskStage.Offered);
        Assert.Equal(campaignId, offered.CampaignId);
        await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(before[0].Client), d => d.Stage == DeskStage.Idle);
    }

    [Fact]
    public async Task A_new_wrap_up_time_of_the_group_reaches_its_running_campaign()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 5);
        var client = operators[0].Client;
        await engine.AddContactsAsync(2);
        await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(client);
        var first = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.Stage == DeskStage.Offered);
        Assert.Equal(5, first.AcwSeconds);

        await ChangeGroupAsync(engine, groupId, "Longer wrap-up", 40, operators[0].User.Id);
        using var rejected = await client.PostAsync($"/api/v1/desk/sessions/{first.SessionId}/reject", null, Cancel);
        rejected.EnsureSuccessStatusCode();

        var next = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.Stage == DeskStage.Offered && d.SessionId != first.SessionId);
        Assert.Equal(40, next.AcwSeconds);
    }

    [Fact]
    public async Task Opening_the_tenants_calling_hours_lets_a_campaign_that_keeps_them_call_at_once()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        // Open only on a day that is not today (nor yesterday or tomorrow) anywhere on Earth.
        var closedToday = new[] { new { day = DateTime.UtcNow.AddDays(3).DayOfWeek.ToString().ToLowerInvariant(), from = "00:00", to = "23:59" } };
        await TenantSettingsAsync(engine, closedToday, capPercent: 3);
        var (groupId, operators) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600, tenantHours: true);
        await EngineFixture.GoOnlineAsync(operators[0].Client);
        await EngineFixture.EventuallyAsync(
            () => engine.Admin.GetStringAsync($"/api/v1/campaigns/{campaignId}/records", Cancel), r => r.Contains("\"waitReason\":\"callingHours\""));

        await TenantSettingsAsync(engine, EngineFixture.AnyHour, capPercent: 3);

        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(operators[0].Client), d => d.Stage == DeskStage.Offered);
        Assert.Equal(campaignId, offered.CampaignId);
    }

    [Fact]
    public async Task A_new_abandon_cap_of_the_tenant_reaches_the_adaptive_pacing_of_a_running_campaign()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (groupId, _) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "predictive");
        var actor = engine.App.Get<CampaignEngine>().ActorOf(campaignId)!;
        Assert.Equal(0.03, (await actor.LiveAsync()).AbandonCap);

        await TenantSettingsAsync(engine, EngineFixture.AnyHour, capPercent: 1.5);

        await EngineFixture.EventuallyAsync(async () => (await actor.LiveAsync()).AbandonCap, cap => cap == 0.015);
    }

    private static async Task<OperatorState> StateAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<OperatorsApi.StateResponse>("/api/v1/operators/me/state", JsonDefaults.Options, Cancel))!.State;

    private static async Task<Guid> GroupAsync(EngineFixture engine, string name, int acwSeconds, params Guid[] memberIds)
    {
        using var created = await engine.Admin.PostAsJsonAsync("/api/v1/operator-groups", new { name, defaultAcwSeconds = acwSeconds, memberIds }, Cancel);
        return (await OutdialApp.ReadAsync<OperatorsApi.GroupResponse>(created)).Id;
    }

    private static async Task ChangeGroupAsync(EngineFixture engine, Guid groupId, string name, int acwSeconds, params Guid[] memberIds)
    {
        using var changed = await engine.Admin.PutAsJsonAsync($"/api/v1/operator-groups/{groupId}", new { name, defaultAcwSeconds = acwSeconds, memberIds }, Cancel);
        changed.EnsureSuccessStatusCode();
    }

    private static async Task TenantSettingsAsync(EngineFixture engine, IEnumerable<object> callingHours, double capPercent)
    {
        using var changed = await engine.Admin.PutAsJsonAsync("/api/v1/settings", new
        {
            defaultRegion = "CZ", defaultTimeZone = "Europe/Prague", callingHours, abandonRateCapPercent = capPercent, campaignsEnabled = true,
        }, Cancel);
        changed.EnsureSuccessStatusCode();
    }
}
