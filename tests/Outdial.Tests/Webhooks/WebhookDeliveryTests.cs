using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Outdial.Persistence;
using Outdial.Testing;
using Outdial.Webhooks;

namespace Outdial.Tests.Webhooks;

/// <summary>Deliveries to a real endpoint on 127.0.0.1, with the server's clock driven by the test.</summary>
public sealed class WebhookDeliveryTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private WebhookReceiver _receiver = null!;
    private OutdialApp _app = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WebhookRegistry Registry => _app.Get<WebhookRegistry>();

    private WebhookEvents Events => _app.Get<WebhookEvents>();

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _app = await StartAppAsync(DatabaseProvider.Sqlite, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_is_signed_with_the_webhook_secret()
    {
        var webhook = await Registry.CreateAsync(_receiver.Url, "CRM", [WebhookEventTypes.SessionConcluded], enabled: true, Cancel);

        Events.Publish(WebhookEventTypes.SessionConcluded, Concluded());
        var request = await _receiver.NextAsync();

        Assert.Equal(SignatureOf(request, webhook.Secret), request.Headers["Outdial-Signature"]);
        Assert.InRange(long.Parse(request.Headers["Outdial-Timestamp"], System.Globalization.CultureInfo.InvariantCulture), _clock.GetUtcNow().ToUnixTimeSeconds() - 5, _clock.GetUtcNow().ToUnixTimeSeconds());
        Assert.Equal("session.concluded", request.Headers["Outdial-Event"]);
        var delivery = await WaitForDeliveryAsync(webhook.Id, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(delivery.Id.ToString(), request.Headers["Outdial-Delivery"]);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["Outdial-Timestamp"]);
        Assert.Equal(delivery.Body, request.Text);
        Assert.Equal((1, 200), (delivery.Attempts, delivery.LastHttpStatus));
    }

    [Fact]
    public async Task The_body_carries_the_event_id_type_time_and_data_in_camel_case()
    {
        await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionConcluded], enabled: true, Cancel);

        Events.Publish(WebhookEventTypes.SessionConcluded, Concluded());
        using var body = JsonDocument.Parse((await _receiver.NextAsync()).Body);

        var root = body.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("session.concluded", root.GetProperty("type").GetString());
        Assert.Equal(Start, root.GetProperty("occurredAt").GetDateTimeOffset());
        var data = root.GetProperty("data");
        Assert.Equal("Sale", data.GetProperty("result").GetString());
        Assert.Equal("yes", data.GetProperty("parameters").GetProperty("newsletter").GetString());
        Assert.Equal(95, data.GetProperty("talkSeconds").GetInt32());
    }

    [Fact]
    public async Task An_endpoint_that_fails_gets_the_delivery_again_after_the_backoff()
    {
        _receiver.Answer = (number, _) => Task.FromResult(number == 1 ? 500 : 200);
        var webhook = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);

        Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        var first = await _receiver.NextAsync();
        var failed = await WaitForDeliveryAsync(webhook.Id, d => d.Attempts == 1);
        Assert.Equal((WebhookDeliveryStatus.Pending, 500, Start + TimeSpan.FromSeconds(30)), (failed.Status, failed.LastHttpStatus, failed.NextAttemptAt));

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(300, Cancel); // time for a premature retry to show
        Assert.Equal(1, _receiver.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _receiver.NextAsync();
        var delivered = await WaitForDeliveryAsync(webhook.Id, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.Headers["Outdial-Timestamp"], second.Headers["Outdial-Timestamp"]);
        Assert.Equal(SignatureOf(second, webhook.Secret), second.Headers["Outdial-Signature"]);
    }

    [Fact]
    public async Task A_hanging_endpoint_times_out_and_is_retried_while_publishing_never_waits_for_it()
    {
        var hanging = new TaskCompletionSource();
        _receiver.Answer = async (number, aborted) =>
        {
            if (number == 1)
            {
                await hanging.Task.WaitAsync(aborted);
            }

            return 200;
        };
        var webhook = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);
        Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        await _receiver.NextAsync();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5000; i++)
        {
            Events.Publish(WebhookEventTypes.CampaignStateChanged, new { campaignId = Guid.NewGuid(), state = "running" });
        }

        watch.Stop();
        Assert.False(hanging.Task.IsCompleted);
        Assert.Equal(1, _receiver.Count); // the endpoint still hangs: publishing did not wait for it
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Publishing 5000 events took {watch.Elapsed}.");

        _clock.Advance(TimeSpan.FromSeconds(10));
        var timedOut = await WaitForDeliveryAsync(webhook.Id, d => d.Attempts == 1);
        Assert.Equal(WebhookDeliveryStatus.Pending, timedOut.Status);
        Assert.Null(timedOut.LastHttpStatus);
        Assert.Contains("No answer within 10 s", timedOut.LastError);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var delivered = await WaitForDeliveryAsync(webhook.Id, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task An_endpoint_that_hangs_does_not_hold_up_the_deliveries_to_other_webhooks()
    {
        await using var hangingReceiver = await WebhookReceiver.StartAsync();
        hangingReceiver.Answer = async (_, aborted) =>
        {
            await Task.Delay(Timeout.Infinite, aborted);
            return 200;
        };
        await Registry.CreateAsync(hangingReceiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);
        var healthy = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionConcluded], enabled: true, Cancel);

        for (var i = 0; i < 10; i++)
        {
            Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        }

        await hangingReceiver.NextAsync();
        Events.Publish(WebhookEventTypes.SessionConcluded, Concluded());

        // The clock stands still, so the hanging requests never time out: the other webhook needs a free slot.
        await WaitForDeliveryAsync(healthy.Id, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(2, hangingReceiver.Count); // half of the 4 slots
    }

    [Fact]
    public async Task A_delivery_is_given_up_once_the_next_attempt_would_fall_after_24_hours()
    {
        _receiver.Answer = (_, _) => Task.FromResult(503);
        var webhook = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);
        Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        await WaitForDeliveryAsync(webhook.Id, d => d.Attempts == 1);

        _clock.Advance(TimeSpan.FromHours(25));
        var failed = await WaitForDeliveryAsync(webhook.Id, d => d.Attempts == 2);

        Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal(503, failed.LastHttpStatus);
    }

    [Fact]
    public async Task A_failed_delivery_is_sent_again_when_retried()
    {
        _receiver.Answer = (number, _) => Task.FromResult(number <= 2 ? 500 : 204);
        var webhook = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);
        Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        await WaitForDeliveryAsync(webhook.Id, d => d.Attempts == 1);
        _clock.Advance(TimeSpan.FromHours(25));
        var failed = await WaitForDeliveryAsync(webhook.Id, d => d.Status == WebhookDeliveryStatus.Failed);

        await Registry.RetryAsync(webhook.Id, failed.Id, Cancel);

        var delivered = await WaitForDeliveryAsync(webhook.Id, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal((3, 204), (delivered.Attempts, delivered.LastHttpStatus));
    }

    [Fact]
    public async Task Disabled_webhooks_and_unsubscribed_event_types_get_no_delivery()
    {
        var subscribed = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: true, Cancel);
        var disabled = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionEnded], enabled: false, Cancel);
        var otherType = await Registry.CreateAsync(_receiver.Url, null, [WebhookEventTypes.SessionConnected, WebhookEventTypes.CampaignStateChanged], enabled: true, Cancel);

        Events.Publish(WebhookEventTypes.SessionEnded, Concluded());
        await WaitForDeliveryAsync(subscribed.Id, d => d.Status == WebhookDeliveryStatus.Delivered);

        // One event is stored for every subscriber in one transaction: the others would be there by now.
        Assert.Equal(0, (await Registry.DeliveriesAsync(disabled.Id, null, new PageRequest(0, 10), Cancel)).Total);
        Assert.Equal(0, (await Registry.DeliveriesAsync(otherType.Id, null, new PageRequest(0, 10), Cancel)).Total);
        Assert.Equal(1, _receiver.Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Pending_deliveries_survive_a_restart(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        Guid webhookId;
        await using (var first = await StartAppAsync(database, new FakeTimeProvider(Start)))
        {
            webhookId = (await first.Get<WebhookRegistry>().CreateAsync(ClosedPortUrl(), null, [WebhookEventTypes.SessionEnded], true, Cancel)).Id;
            first.Get<WebhookEvents>().Publish(WebhookEventTypes.SessionEnded, Concluded());
            var unreachable = await WaitForDeliveryAsync(first, webhookId, d => d.Attempts == 1);
            Assert.Equal(WebhookDeliveryStatus.Pending, unreachable.Status);
            Assert.Contains("connect", unreachable.LastError, StringComparison.OrdinalIgnoreCase);
        }

        // While Outdial is down, the endpoint comes up (the integrator fixed the address).
        await using (var db = database.CreateContext())
        {
            var webhook = await db.Webhooks.SingleAsync(w => w.Id == webhookId, Cancel);
            webhook.Change(_receiver.Url, null, webhook.EventTypes, true, Start);
            await db.SaveChangesAsync(Cancel);
        }

        await using var second = await StartAppAsync(database, new FakeTimeProvider(Start + TimeSpan.FromMinutes(5)));

        var delivered = await WaitForDeliveryAsync(second, webhookId, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(1, _receiver.Count);
        database.DeleteFiles();
    }

    /// <summary>An address on 127.0.0.1 where nothing listens: connecting is refused.</summary>
    private static string ClosedPortUrl()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/hook";
    }

    /// <summary>What a receiver computes to check a delivery: HMAC-SHA256 of "TIMESTAMP." followed by the body (docs/webhooks.md).</summary>
    private static string SignatureOf(ReceivedRequest request, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(request.Headers["Outdial-Timestamp"] + "."), .. request.Body]));

    internal static SessionEventData Concluded() => new(
        Guid.NewGuid(), Guid.NewGuid(), "Winter offer", Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "+420777123456",
        "Answered", "Sale", "Wants a call in spring", new Dictionary<string, string> { ["newsletter"] = "yes" },
        Start.AddMinutes(-3), Start.AddMinutes(-3), Start.AddMinutes(-2.5), Start.AddMinutes(-2.5), Start.AddSeconds(-85), 95);

    private async Task<OutdialApp> StartAppAsync(DatabaseProvider provider, FakeTimeProvider clock) =>
        await OutdialApp.StartAsync(provider, postgres, services: s => s.AddSingleton<TimeProvider>(clock));

    private static Task<OutdialApp> StartAppAsync(TestDatabase database, FakeTimeProvider clock)
    {
        var app = new OutdialApp(database, ownsDatabase: false, services: s => s.AddSingleton<TimeProvider>(clock));
        _ = app.Services;
        return Task.FromResult(app);
    }

    private Task<WebhookDelivery> WaitForDeliveryAsync(Guid webhookId, Func<WebhookDelivery, bool> condition) => WaitForDeliveryAsync(_app, webhookId, condition);

    /// <summary>Polls until the webhook's newest delivery meets the condition (at most 15 s).</summary>
    internal static async Task<WebhookDelivery> WaitForDeliveryAsync(OutdialApp app, Guid webhookId, Func<WebhookDelivery, bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        WebhookDelivery? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            last = (await app.Get<WebhookRegistry>().DeliveriesAsync(webhookId, null, new PageRequest(0, 1), Cancel)).Items.FirstOrDefault();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException($"The delivery did not reach the expected state; last seen: status {last?.Status}, attempts {last?.Attempts}, error {last?.LastError}.");
    }
}
