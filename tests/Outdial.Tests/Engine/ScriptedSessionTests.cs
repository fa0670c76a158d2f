using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Engine;
using Outdial.Persistence;
using Outdial.Testing;
using Outdial.Tests.Webhooks;

namespace Outdial.Tests.Engine;

/// <summary>A campaign with a call script: answers checked at the desk, kept as session parameters, announced to webhooks.</summary>
public sealed class ScriptedSessionTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Script_answers_are_checked_kept_with_their_version_and_sent_to_webhooks(DatabaseProvider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var engine = await EngineFixture.StartAsync(provider, postgres, talkSeconds: 0.3);
        using (var hook = await engine.Admin.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "session.concluded" } }, Cancel))
        {
            hook.EnsureSuccessStatusCode();
        }

        using var script = await engine.Admin.PostAsJsonAsync("/api/v1/call-scripts", new
        {
            name = "Offer",
            elements = new object[]
            {
                new { key = "greeting", kind = "text", label = "Greeting", text = "Hello {firstName}" },
                new { key = "interested", kind = "singleChoice", label = "Interested?", required = true, options = new[] { "Yes", "No" } },
                new { key = "budget", kind = "number", label = "Budget" },
            },
        }, Cancel);
        var scriptId = (await OutdialApp.ReadAsync<JsonElement>(script)).GetProperty("id").GetGuid();
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 1);
        await engine.AddContactsAsync(1);
        await engine.StartCampaignAsync(groupId, "progressive", callScriptId: scriptId);

        var alice = operators[0].Client;
        await EngineFixture.GoOnlineAsync(alice);
        var desk = await EngineFixture.ConnectedDeskAsync(alice);
        Assert.Equal(scriptId, desk.CallScriptId);

        // A missing required answer and a wrong type: 400 naming each, and the session stays open.
        var refused = await Problem.ReadAsync(await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{desk.SessionId}/complete", new { result = "Success", answers = new { budget = "lots" } }, Cancel));
        Assert.Equal(400, refused.Status);
        Assert.Contains("answers.interested", refused.Errors!.Keys);
        Assert.Contains("answers.budget", refused.Errors.Keys);

        // Answers to a version the script does not have are refused, not dropped.
        foreach (var version in new[] { 0, 7 })
        {
            var unknown = await Problem.ReadAsync(await alice.PostAsJsonAsync(
                $"/api/v1/desk/sessions/{desk.SessionId}/complete", new { result = "Success", answers = new { interested = "Yes" }, scriptVersion = version }, Cancel));
            Assert.Contains("versions 1 to 1", Assert.Single(unknown.Errors!["scriptVersion"]));
        }

        using (var completed = await alice.PostAsJsonAsync($"/api/v1/desk/sessions/{desk.SessionId}/complete", new { result = "Success", answers = new { interested = "Yes", budget = 1200 } }, Cancel))
        {
            completed.EnsureSuccessStatusCode();
        }

        await using var db = engine.App.Database.CreateContext();
        var parameters = await EngineFixture.EventuallyAsync(
            () => db.SessionParameters.AsNoTracking().Where(p => p.AttemptId == desk.SessionId).ToDictionaryAsync(p => p.Name, p => p.Value, Cancel),
            p => p.Count == 2);
        Assert.Equal(new Dictionary<string, string> { ["interested"] = "Yes", ["budget"] = "1200" }, parameters);
        var attempt = await EngineFixture.EventuallyAsync(
            () => db.CampaignAttempts.AsNoTracking().SingleAsync(a => a.Id == desk.SessionId, Cancel), a => a.Result is not null);
        Assert.Equal((scriptId, 1, "Success"), (attempt.ScriptId, attempt.ScriptVersion, attempt.Result));

        // Integrators hear of the concluded session with its result and answers, signed.
        var delivery = await receiver.NextAsync();
        using var body = JsonDocument.Parse(delivery.Text);
        Assert.Equal("session.concluded", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(desk.SessionId, data.GetProperty("sessionId").GetGuid());
        Assert.Equal("Success", data.GetProperty("result").GetString());
        Assert.Equal("Yes", data.GetProperty("parameters").GetProperty("interested").GetString());
        Assert.StartsWith("sha256=", delivery.Headers["Outdial-Signature"]);
    }
}
