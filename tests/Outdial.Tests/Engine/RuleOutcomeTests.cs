using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Engine;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Engine;

/// <summary>Rules and outcome defaults carried out by a running campaign (docs/rules.md).</summary>
public sealed class RuleOutcomeTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rules_and_a_do_not_call_result_change_the_directory_and_the_blacklist(DatabaseProvider provider)
    {
        await using var engine = await EngineFixture.StartAsync(provider, postgres, talkSeconds: 0.3);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 1);
        await engine.AddContactsAsync(2);
        var rules = new object[]
        {
            new
            {
                name = "First callee",
                when = new { contact = new { field = "firstName", op = "eq", value = "Callee 0" } },
                then = new object[] { new { action = "setParameter", on = "contact", name = "flagged", value = "yes" }, new { action = "removeFromCampaign" } },
            },
        };
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", rules: rules);
        var alice = operators[0].Client;
        await EngineFixture.GoOnlineAsync(alice);

        // Both callees answer; the operator says "Do not call" to each.
        await EngineFixture.WorkCallsAsync(alice, 2, _ => new { result = "Do not call" });

        await using var db = engine.App.Database.CreateContext();
        var first = await db.Contacts.AsNoTracking().SingleAsync(c => c.FirstName == "Callee 0", Cancel);
        var states = await EngineFixture.EventuallyAsync(
            () => db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToDictionaryAsync(r => r.ContactId, r => r.State, Cancel),
            s => s.Values.All(v => v is CampaignRecordState.Removed or CampaignRecordState.Blacklisted));

        // The rule matched the first callee's contact: removed, and its field set (the field created as text).
        Assert.Equal(CampaignRecordState.Removed, states[first.Id]);
        var flagged = await EngineFixture.EventuallyAsync(
            () => db.ContactFieldValues.AsNoTracking().Where(v => v.ContactId == first.Id && v.FieldKey == "flagged").Select(v => v.Text).FirstOrDefaultAsync(Cancel),
            v => v is not null);
        Assert.Equal("yes", flagged);

        // No rule for the second: the default of a do-not-call result puts the number on the blacklist.
        Assert.Equal(CampaignRecordState.Blacklisted, states.Single(s => s.Key != first.Id).Value);
        var listed = await EngineFixture.EventuallyAsync(() => db.Blacklist.AsNoTracking().Select(b => b.Pattern).ToListAsync(Cancel), l => l.Count > 0);
        Assert.Equal(["+420777200001"], listed);
    }

    [Fact]
    public async Task A_delete_contact_rule_deletes_the_contact_from_the_directory()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 0.3);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 1);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", rules: new object[]
        {
            new { name = "Not interested: forget them", when = new { results = new[] { "Not interested" } }, then = new object[] { new { action = "deleteContact" } } },
        });
        var alice = operators[0].Client;
        await EngineFixture.GoOnlineAsync(alice);

        await EngineFixture.WorkCallsAsync(alice, 1, _ => new { result = "Not interested" });

        await using var db = engine.App.Database.CreateContext();
        await EngineFixture.EventuallyAsync(() => db.Contacts.AsNoTracking().CountAsync(Cancel), count => count == 0);
        Assert.Equal(CampaignState.Finished, await EngineFixture.EventuallyAsync(() => engine.StateOfAsync(campaignId), s => s == CampaignState.Finished));
    }

    [Fact]
    public async Task A_kept_callback_is_stored_for_its_operator_and_a_rule_moves_the_record_to_another_phone()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 0.3);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 1);
        foreach (var (name, phones) in new[] { ("Keeps", new[] { ("777300001", "mobile") }), ("Moves", new[] { ("777300002", "mobile"), ("222300002", "work") }) })
        {
            using var created = await engine.Admin.PostAsJsonAsync("/api/v1/contacts", new { firstName = name, phones = phones.Select(p => new { number = p.Item1, label = p.Item2 }) }, Cancel);
            created.EnsureSuccessStatusCode();
        }

        var campaignId = await engine.StartCampaignAsync(groupId, "progressive", rules: new object[]
        {
            new { name = "Try the office", when = new { results = new[] { "Not interested" } }, then = new object[] { new { action = "callAgain", afterMinutes = 600, phone = "work" } } },
        });
        var alice = operators[0].Client;
        await EngineFixture.GoOnlineAsync(alice);
        await using var db = engine.App.Database.CreateContext();
        var contacts = await db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.FirstName!, c => c.Id, Cancel);
        var callbackAt = DateTimeOffset.UtcNow.AddHours(2);

        await EngineFixture.WorkCallsAsync(alice, 2, desk => desk.ContactId == contacts["Keeps"]
                ? new { result = "Call back", callbackAt, keepCallback = true }
                : new { result = "Not interested" });

        var records = await EngineFixture.EventuallyAsync(
            () => db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToDictionaryAsync(r => r.ContactId, Cancel),
            r => r.Values.All(x => x.State == CampaignRecordState.RetryScheduled));
        var kept = records[contacts["Keeps"]];
        Assert.Equal(operators[0].User.Id, kept.ReservedOperatorId);
        Assert.Equal(callbackAt.ToUnixTimeSeconds(), kept.CallbackAt!.Value.ToUnixTimeSeconds());
        var moved = records[contacts["Moves"]];
        Assert.Equal("+420222300002", moved.Phone);
        Assert.Null(moved.ReservedOperatorId);
    }

    [Fact]
    public async Task Rules_changed_while_running_see_the_contacts_they_ask_about()
    {
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, talkSeconds: 0.3);
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 1);
        await engine.AddContactsAsync(2);
        var campaignId = await engine.StartCampaignAsync(groupId, "progressive");

        // Before anyone is online, a rule about the first callee's contact arrives.
        var campaign = await engine.Admin.GetFromJsonAsync<CampaignsApi.CampaignResponse>($"/api/v1/campaigns/{campaignId}", JsonDefaults.Options, Cancel);
        using (var changed = await engine.Admin.PutAsJsonAsync($"/api/v1/campaigns/{campaignId}", new
        {
            name = campaign!.Name, mode = "progressive", routingGroupId = groupId, maxAttempts = 3, ringTimeoutSeconds = 15, retryDelayMinutes = 60,
            callingHours = EngineFixture.AnyHour,
            rules = new object[]
            {
                new { when = new { contact = new { field = "firstName", op = "eq", value = "Callee 0" } }, then = new object[] { new { action = "finish", outcome = "success" } } },
            },
        }, Cancel))
        {
            changed.EnsureSuccessStatusCode();
        }

        var alice = operators[0].Client;
        await EngineFixture.GoOnlineAsync(alice);
        await EngineFixture.WorkCallsAsync(alice, 2, _ => new { result = "Call back" });

        await using var db = engine.App.Database.CreateContext();
        var first = await db.Contacts.AsNoTracking().SingleAsync(c => c.FirstName == "Callee 0", Cancel);
        var states = await EngineFixture.EventuallyAsync(
            () => db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId).ToDictionaryAsync(r => r.ContactId, r => r.State, Cancel),
            s => s.Values.All(v => v is CampaignRecordState.Success or CampaignRecordState.RetryScheduled));
        Assert.Equal(CampaignRecordState.Success, states[first.Id]);
        Assert.Equal(CampaignRecordState.RetryScheduled, states.Single(s => s.Key != first.Id).Value);
    }
}
