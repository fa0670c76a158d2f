using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Outdial.Campaigns;
using Outdial.Demo;
using Outdial.Dialing;
using Outdial.Dialing.Telephony;
using Outdial.Engine;
using Outdial.Operators;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

public sealed class CampaignEngineTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Answers, busy lines, unanswered and invalid numbers, with short calls.</summary>
    private const string Mixed = """
        { "name": "mixed", "operators": 1, "pickupRate": 0.6, "busyRate": 0.2, "invalidRate": 0.05,
          "ringSeconds": { "dist": "uniform", "min": 0.2, "max": 1 }, "talkSeconds": { "dist": "uniform", "min": 0.5, "max": 1.5 },
          "wrapUpSeconds": { "dist": "fixed", "value": 1 }, "patienceSeconds": 5, "noAnswerTimeoutSeconds": 15 }
        """;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_predictive_campaign_with_simulated_operators_finishes_with_every_record_final(DatabaseProvider provider)
    {
        await using var engine = await EngineFixture.StartAsync(provider, postgres, scenario: Mixed);
        var (groupId, operators) = await engine.OperatorsAsync(3);
        await engine.AddContactsAsync(15);
        var campaignId = await engine.StartCampaignAsync(groupId, "predictive", maxAttempts: 1);
        await using var bots = new SimulatedOperators(operators.Select(o => o.User.Id), engine.App.Get<OperatorDesks>(), engine.App.Get<DeskActions>(),
            engine.App.Get<OperatorStates>(), TimeProvider.System, new SimulatedOperatorOptions { WrapUpMinSeconds = 0.1, WrapUpMaxSeconds = 0.3 });
        await bots.GoOnlineAsync();

        await EngineFixture.EventuallyAsync(() => engine.StateOfAsync(campaignId), s => s == CampaignState.Finished, TimeSpan.FromSeconds(90));

        await using var db = engine.App.Database.CreateContext();
        var records = await db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync(Cancel);
        var attempts = await db.CampaignAttempts.AsNoTracking().Where(a => a.CampaignId == campaignId).ToListAsync(Cancel);
        var statistics = await engine.Admin.GetFromJsonAsync<CampaignStatistics>($"/api/v1/campaigns/{campaignId}/statistics", JsonDefaults.Options, Cancel);
        Assert.Equal(15, records.Count);
        Assert.All(records, r => Assert.True(CampaignRecord.IsFinal(r.State), $"{r.State} is not final"));
        Assert.DoesNotContain(attempts, a => a.InFlight);
        Assert.All(records, r => Assert.Equal(r.Attempts, attempts.Count(a => a.RecordId == r.Id && a.CallNumber != null)));
        Assert.All(records, r => Assert.True(r.Attempts <= 1));
        Assert.Equal((15, 15, 0), (statistics!.Records, statistics.Processed, statistics.Waiting));
        Assert.Equal(attempts.Count(a => a.CallNumber != null), statistics.Attempts);

        // Answered calls were connected to an operator and ended with one of the campaign's results.
        var talked = attempts.Where(a => a.ConnectedAt != null).ToList();
        Assert.NotEmpty(talked);
        Assert.All(talked, a => Assert.Contains(a.Result, Outdial.Campaigns.CampaignSettings.DefaultResultCodes.Where(c => c.IsFinal).Select(c => c.Name)));
        Assert.All(talked, a => Assert.Contains(a.OperatorId!.Value, operators.Select(o => o.User.Id)));
        Assert.Equal(talked.Count(a => a.Result == "Success"), records.Count(r => r.State == CampaignRecordState.Success));

        // The call figures add up to the attempts: placed, connected, rates, talk time, one day.
        var calls = statistics.Calls;
        Assert.Equal((attempts.Count(a => a.CallNumber != null), talked.Count), (calls.Placed, calls.Connected));
        Assert.Equal((double)talked.Count / calls.Placed, calls.ConnectRate!.Value, 6);
        Assert.Equal(attempts.Count(a => a.DialResult is "Abandoned" or "CancelledByClient"), calls.Abandoned);
        Assert.InRange(calls.AverageTalkSeconds!.Value, 0, 2);
        Assert.All(talked, a => Assert.NotNull(a.TalkSeconds));
        Assert.Equal(calls.Placed, calls.Days.Sum(d => d.Placed));

        // Results twice: per contact (the record's last result) and per session (every result chosen).
        Assert.Equal(records.Where(r => r.LastOperatorResult is not null).GroupBy(r => r.LastOperatorResult!).ToDictionary(g => g.Key, g => g.Count()), statistics.Results);
        Assert.Equal(attempts.Where(a => a.Result is not null).GroupBy(a => a.Result!).ToDictionary(g => g.Key, g => g.Count()), calls.Results);
        Assert.Contains(calls.Days, d => d.Date == DateOnly.FromDateTime(DateTime.UtcNow) || d.Date == DateOnly.FromDateTime(DateTime.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task An_operator_works_a_preview_session_through_the_desk_api()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 60);
        var (groupId, operators) = await engine.OperatorsAsync(2);
        var (alice, other) = (operators[0].Client, operators[1].Client);
        await engine.AddContactsAsync(3);
        var campaignId = await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(alice);

        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Offered);
        Assert.Equal(campaignId, offered.CampaignId);
        Assert.NotNull(offered.ContactId);

        // Another operator cannot touch it; the owner rejects it and gets the next contact.
        var forbidden = await Problem.ReadAsync(await other.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/accept", null, Cancel));
        Assert.Equal(403, forbidden.Status);
        await PostAsync(alice, offered.SessionId, "reject");
        var next = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Offered && d.SessionId != offered.SessionId);
        Assert.NotEqual(offered.ContactId, next.ContactId);
        var stale = await Problem.ReadAsync(await alice.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/accept", null, Cancel));
        Assert.Equal(409, stale.Status);
        Assert.Contains("ended or was withdrawn", stale.Detail);

        // Call now needs the session accepted first.
        var early = await Problem.ReadAsync(await alice.PostAsync($"/api/v1/desk/sessions/{next.SessionId}/call-now", null, Cancel));
        Assert.Equal((409, "This session cannot be dialled yet: accept it first."), (early.Status, early.Detail));

        // Accept: a BCW countdown of the campaign's 600 s, cut short by Call now; everyone answers.
        var bcw = await PostAsync(alice, next.SessionId, "accept");
        Assert.Equal(DeskStage.Bcw, bcw.Stage);
        Assert.InRange((bcw.DialAt!.Value - DateTimeOffset.UtcNow).TotalSeconds, 590, 601);
        await PostAsync(alice, next.SessionId, "call-now");
        var connected = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Connected);
        Assert.NotNull(connected.ConnectedAt);
        var unknown = await Problem.ReadAsync(await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{next.SessionId}/complete", new { result = "Maybe" }, Cancel));
        Assert.Contains("result", unknown.Errors!.Keys);

        // The result during the call hangs up, ends the session and makes the record a success.
        using (var note = await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{next.SessionId}/note", new { note = "Wants the yearly plan." }, Cancel))
        {
            note.EnsureSuccessStatusCode();
        }

        using var completed = await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{next.SessionId}/complete", new { result = "Success" }, Cancel);
        completed.EnsureSuccessStatusCode();

        await using var db = engine.App.Database.CreateContext();
        var record = await EngineFixture.EventuallyAsync(
            () => db.CampaignRecords.AsNoTracking().SingleAsync(r => r.CampaignId == campaignId && r.ContactId == next.ContactId, Cancel),
            r => r.State == CampaignRecordState.Success);
        Assert.Equal(("Success", "Answered", 1), (record.LastOperatorResult, record.LastDialResult, record.Attempts));
        var attempts = await db.CampaignAttempts.AsNoTracking().Where(a => a.CampaignId == campaignId).OrderBy(a => a.StartedAt).ToListAsync(Cancel);
        Assert.Equal("Rejected", attempts[0].SessionEnd);
        var call = attempts.Single(a => a.Id == next.SessionId);
        Assert.Equal(("Success", "Wants the yearly plan.", false), (call.Result, call.Note, call.InFlight));
        Assert.NotNull(call.AcceptedAt);
        Assert.NotNull(call.ConnectedAt);

        // The same history through the API, for integrators.
        var history = await engine.Admin.GetFromJsonAsync<List<CampaignsApi.AttemptResponse>>(
            $"/api/v1/campaigns/{campaignId}/records/{record.Id}/attempts", JsonDefaults.Options, Cancel);
        var only = Assert.Single(history!);
        Assert.Equal((next.SessionId!.Value, "Answered", "Success", "Wants the yearly plan."), (only.Id, only.DialResult, only.Result, only.Note));
        Assert.Equal(operators[0].User.Id, only.OperatorId);
        Assert.Equal(404, (await Problem.ReadAsync(await engine.Admin.GetAsync($"/api/v1/campaigns/{campaignId}/records/{Guid.NewGuid()}/attempts", Cancel))).Status);
    }

    [Fact]
    public async Task A_callback_months_away_keeps_the_campaign_working_and_one_past_a_year_is_a_400()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 60);
        var (groupId, operators) = await engine.OperatorsAsync(1);
        var alice = operators[0].Client;
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(alice);
        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Offered);
        await PostAsync(alice, offered.SessionId, "accept");
        await PostAsync(alice, offered.SessionId, "call-now");
        await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Connected);

        var tooLate = await Problem.ReadAsync(await alice.PostAsJsonAsync(
            $"/api/v1/desk/sessions/{offered.SessionId}/complete", new { result = "Call back", callbackAt = DateTimeOffset.UtcNow.AddYears(2) }, Cancel));
        Assert.Contains("callbackAt", tooLate.Errors!.Keys);

        // 300 days is beyond what one timer can wait (about 49 days): the campaign must go on regardless.
        using (var completed = await alice.PostAsJsonAsync(
            $"/api/v1/desk/sessions/{offered.SessionId}/complete", new { result = "Call back", callbackAt = DateTimeOffset.UtcNow.AddDays(300) }, Cancel))
        {
            completed.EnsureSuccessStatusCode();
        }

        // After wrap-up the callback is all the campaign waits for, with its operator free; it still answers at once.
        await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Waiting);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        using var paused = await engine.Admin.PostAsync($"/api/v1/campaigns/{campaignId}/pause", null, limit.Token);
        Assert.Equal(CampaignState.Paused, (await OutdialApp.ReadAsync<CampaignsApi.CampaignResponse>(paused)).State);
        var records = await engine.Admin.GetStringAsync($"/api/v1/campaigns/{campaignId}/records", Cancel);
        Assert.Contains("\"waitReason\":\"campaignPaused\"", records);
    }

    [Fact]
    public async Task Completing_a_preview_session_whose_dial_failed_frees_the_desk_at_once()
    {
        const string everyoneBusy = """
            { "name": "busy", "operators": 1, "pickupRate": 0, "configuredPickupRate": 0.5, "busyRate": 1, "invalidRate": 0,
              "ringSeconds": { "dist": "fixed", "value": 0.2 }, "talkSeconds": { "dist": "fixed", "value": 1 },
              "wrapUpSeconds": { "dist": "fixed", "value": 1 }, "patienceSeconds": 5 }
            """;
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, scenario: everyoneBusy);
        var (groupId, operators) = await engine.OperatorsAsync(1);
        var alice = operators[0].Client;
        await engine.AddContactsAsync(1);
        await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(alice);
        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.Offered);
        await PostAsync(alice, offered.SessionId, "accept");
        await PostAsync(alice, offered.SessionId, "call-now");
        var failed = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(alice), d => d.Stage == DeskStage.WrapUp);
        Assert.Equal("Busy", failed.DialResult);

        using var completed = await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{offered.SessionId}/complete", new { result = "Not interested" }, Cancel);
        completed.EnsureSuccessStatusCode();

        // The only record waits for its retry: the operator waits for the next session, not in wrap-up.
        var after = await EngineFixture.DeskAsync(alice);
        Assert.Equal((DeskStage.Waiting, null), (after.Stage, after.SessionId));
    }

    [Fact]
    public async Task An_online_operator_added_to_the_group_of_a_running_campaign_gets_its_sessions()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 60);
        var (groupId, members) = await engine.OperatorsAsync(1);
        var (_, outsiders) = await engine.OperatorsAsync(1);
        var (newcomer, client) = outsiders[0];
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(client);
        Assert.Equal(DeskStage.Idle, (await EngineFixture.DeskAsync(client)).Stage);

        using var joined = await engine.Admin.PutAsJsonAsync($"/api/v1/operator-groups/{groupId}",
            new { name = "Joined", defaultAcwSeconds = 5, memberIds = new[] { members[0].User.Id, newcomer.Id } }, Cancel);
        joined.EnsureSuccessStatusCode();

        var offered = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.Stage == DeskStage.Offered);
        Assert.Equal(campaignId, offered.CampaignId);
    }

    [Fact]
    public async Task Switching_a_running_campaign_to_the_fixed_ratio_takes_effect_at_once()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (groupId, _) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "predictive");
        var actor = engine.App.Get<CampaignEngine>().ActorOf(campaignId)!;
        Assert.NotNull((await actor.LiveAsync()).EstimatedPickupRate);

        using var changed = await engine.Admin.PutAsJsonAsync($"/api/v1/campaigns/{campaignId}", new
        {
            name = "predictive campaign", mode = "predictive", pickupRatePercent = 25, routingGroupId = groupId, ringTimeoutSeconds = 15,
            callingHours = EngineFixture.AnyHour, pacing = "fixedRatio",
        }, Cancel);
        changed.EnsureSuccessStatusCode();

        // The fixed ratio has no estimate and dials 1 ÷ 25 % = 4 numbers per free operator.
        var live = await actor.LiveAsync();
        Assert.Null(live.EstimatedPickupRate);
        Assert.Equal(4, live.DialsPerFreeOperator);
    }

    [Fact]
    public async Task A_failing_telephony_adapter_makes_records_dial_failed_and_the_campaign_goes_on()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, services: s =>
            s.AddSingleton<ITelephonyProvider, BrokenTelephony>());
        var (groupId, operators) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", maxAttempts: 1);
        await EngineFixture.GoOnlineAsync(operators[0].Client);

        // Both records are tried once, fail on the network and end as dial failed: the goal is reached.
        await EngineFixture.EventuallyAsync(() => engine.StateOfAsync(campaignId), s => s == CampaignState.Finished);
        await using var db = engine.App.Database.CreateContext();
        var records = await db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync(Cancel);
        Assert.All(records, r => Assert.Equal((CampaignRecordState.DialFailed, "NetworkError"), (r.State, r.LastDialResult)));
        var attempts = await db.CampaignAttempts.AsNoTracking().Where(a => a.CampaignId == campaignId).ToListAsync(Cancel);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Contains("trunk is down", a.Error));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Start_up_closes_calls_left_in_flight_and_puts_their_records_back(DatabaseProvider provider)
    {
        await using var engine = await EngineFixture.StartAsync(provider, postgres);
        var (groupId, _) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(3);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", maxAttempts: 2, retryDelayMinutes: 30);

        // What a crash leaves: one record on a call (its attempt in flight), one offered, one on its last attempt.
        await using (var db = engine.App.Database.CreateContext())
        {
            var records = await db.CampaignRecords.Where(r => r.CampaignId == campaignId).OrderBy(r => r.Order).ToListAsync(Cancel);
            await db.CampaignRecords.Where(r => r.Id == records[0].Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, CampaignRecordState.Calling).SetProperty(r => r.Attempts, 1), Cancel);
            await db.CampaignRecords.Where(r => r.Id == records[1].Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, CampaignRecordState.OperatorAssigned), Cancel);
            await db.CampaignRecords.Where(r => r.Id == records[2].Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, CampaignRecordState.CallInProgress).SetProperty(r => r.Attempts, 2), Cancel);
            db.CampaignAttempts.Add(new CampaignAttempt(Guid.NewGuid(), campaignId, records[0].Id, records[0].ContactId, records[0].Phone, DateTimeOffset.UtcNow) { CallNumber = 1, DialledAt = DateTimeOffset.UtcNow, InFlight = true });
            db.CampaignAttempts.Add(new CampaignAttempt(Guid.NewGuid(), campaignId, records[1].Id, records[1].ContactId, records[1].Phone, DateTimeOffset.UtcNow) { OfferedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Cancel);
        }

        var (attemptsClosed, recordsRequeued) = await engine.App.Get<EngineRecovery>().RecoverAsync(Cancel);

        Assert.Equal((1, 3), (attemptsClosed, recordsRequeued));
        await using var check = engine.App.Database.CreateContext();
        var after = await check.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).OrderBy(r => r.Order).ToListAsync(Cancel);
        Assert.Equal((CampaignRecordState.RetryScheduled, "Interrupted"), (after[0].State, after[0].LastDialResult));
        Assert.InRange((after[0].NextAttemptAt!.Value - DateTimeOffset.UtcNow).TotalMinutes, 29, 31);
        Assert.Equal(CampaignRecordState.Initial, after[1].State);
        Assert.Equal(CampaignRecordState.DialFailed, after[2].State);
        var attempts = await check.CampaignAttempts.AsNoTracking().Where(a => a.CampaignId == campaignId).ToListAsync(Cancel);
        Assert.DoesNotContain(attempts, a => a.InFlight || a.EndedAt == null);
        Assert.Contains(attempts, a => a.DialResult == CampaignAttempt.Interrupted);
        Assert.Contains(attempts, a => a.SessionEnd == "Withdrawn: the server restarted");
    }

    [Fact]
    public async Task An_operator_who_goes_offline_in_wrap_up_has_the_session_closed_for_a_retry()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 0.5);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 600);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive");
        var client = operators[0].Client;
        await EngineFixture.GoOnlineAsync(client);
        var wrapUp = await EngineFixture.EventuallyAsync(() => EngineFixture.DeskAsync(client), d => d.Stage == DeskStage.WrapUp);
        Assert.Equal(600, wrapUp.AcwSeconds);
        await EngineFixture.EventuallyAsync(
            async () => (await client.GetFromJsonAsync<Outdial.Operators.OperatorsApi.StateResponse>("/api/v1/operators/me/state", JsonDefaults.Options, Cancel))!.State,
            s => s == OperatorState.Acw);

        using var offline = await client.PutAsJsonAsync("/api/v1/operators/me/state", new { state = "offline" }, Cancel);
        offline.EnsureSuccessStatusCode();

        await using var db = engine.App.Database.CreateContext();
        var record = await EngineFixture.EventuallyAsync(
            () => db.CampaignRecords.AsNoTracking().SingleAsync(r => r.CampaignId == campaignId, Cancel),
            r => r.State == CampaignRecordState.RetryScheduled);
        Assert.Equal(CampaignActor.NotRecorded, record.LastOperatorResult);
        Assert.Equal(DeskStage.Idle, (await EngineFixture.DeskAsync(client)).Stage);
    }

    [Fact]
    public async Task A_record_removed_from_a_running_campaign_is_never_dialled()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 0.5);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 0);
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", maxAttempts: 1);
        var records = (await engine.Admin.GetFromJsonAsync<Page<CampaignsApi.RecordResponse>>($"/api/v1/campaigns/{campaignId}/records", JsonDefaults.Options, Cancel))!.Items;
        using (var removed = await engine.Admin.DeleteAsync($"/api/v1/campaigns/{campaignId}/records/{records[0].Id}", Cancel))
        {
            removed.EnsureSuccessStatusCode();
        }

        await using var bots = new SimulatedOperators(operators.Select(o => o.User.Id), engine.App.Get<OperatorDesks>(), engine.App.Get<DeskActions>(),
            engine.App.Get<OperatorStates>(), TimeProvider.System, new SimulatedOperatorOptions { WrapUpMinSeconds = 0, WrapUpMaxSeconds = 0.1 });
        await bots.GoOnlineAsync();

        await EngineFixture.EventuallyAsync(() => engine.StateOfAsync(campaignId), s => s == CampaignState.Finished);
        await using var db = engine.App.Database.CreateContext();
        var after = await db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToDictionaryAsync(r => r.Id, Cancel);
        Assert.Equal((CampaignRecordState.Removed, 0), (after[records[0].Id].State, after[records[0].Id].Attempts));
        Assert.Equal(1, after[records[1].Id].Attempts);
        Assert.Equal([records[1].Id], await db.CampaignAttempts.Where(a => a.CampaignId == campaignId).Select(a => a.RecordId).ToListAsync(Cancel));
    }

    [Fact]
    public async Task The_records_list_says_why_each_waiting_record_is_not_dialled()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres);
        var (groupId, _) = await engine.OperatorsAsync(1);
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive");

        // Nobody is online: due, waiting for a free operator. Paused: the campaign is paused.
        var due = await RecordsAsync(engine, campaignId);
        Assert.All(due, r => Assert.Equal(WaitReason.NoFreeOperator, r.WaitReason));
        using (var paused = await engine.Admin.PostAsync($"/api/v1/campaigns/{campaignId}/pause", null, Cancel))
        {
            paused.EnsureSuccessStatusCode();
        }

        var waiting = await EngineFixture.EventuallyAsync(() => RecordsAsync(engine, campaignId), rs => rs.All(r => r.WaitReason == WaitReason.CampaignPaused));
        Assert.Equal(2, waiting.Count);
        Assert.Contains("\"waitReason\":\"campaignPaused\"", await engine.Admin.GetStringAsync($"/api/v1/campaigns/{campaignId}/records", Cancel));
    }

    private static async Task<List<CampaignsApi.RecordResponse>> RecordsAsync(EngineFixture engine, Guid campaignId) =>
        [.. (await engine.Admin.GetFromJsonAsync<Page<CampaignsApi.RecordResponse>>($"/api/v1/campaigns/{campaignId}/records", JsonDefaults.Options, Cancel))!.Items];

    [Fact]
    public void The_core_and_the_campaign_name_record_states_alike()
    {
        Assert.Equal(Enum.GetNames<RecordState>(), Enum.GetNames<CampaignRecordState>());
        Assert.All(Enum.GetValues<RecordState>(), s => Assert.Equal(s.ToString(), ((CampaignRecordState)s).ToString()));
    }

    private static async Task<DeskApi.DeskResponse> PostAsync(HttpClient client, Guid? sessionId, string verb)
    {
        using var response = await client.PostAsync($"/api/v1/desk/sessions/{sessionId}/{verb}", null, Cancel);
        return await OutdialApp.ReadAsync<DeskApi.DeskResponse>(response);
    }

    /// <summary>A telephony adapter whose trunk is down: every originate throws.</summary>
    private sealed class BrokenTelephony : ITelephonyProvider
    {
        public ICallControl Open(Guid campaignId, ICampaignLine campaign) => new Broken();

        public TelephonyStatus Status => new("Broken", "A trunk that is down (test).", null, []);

        private sealed class Broken : ICallControl
        {
            public ValueTask OriginateAsync(Originate request, CancellationToken cancellationToken) => throw new IOException("The trunk is down (test).");

            public ValueTask ConnectAsync(CallId call, OperatorId operatorLine, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask PlayAsync(CallId call, RecordedMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask HangUpAsync(CallId call, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }
    }
}
