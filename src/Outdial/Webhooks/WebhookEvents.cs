using System.Text.Json;
using System.Threading.Channels;

namespace Outdial.Webhooks;

/// <summary>One thing that happened, on its way to the webhooks that subscribe to its type.</summary>
/// <param name="Data">An immutable object (a record) serialised as the body's <c>data</c>.</param>
public sealed record WebhookEvent(Guid Id, string Type, DateTimeOffset OccurredAt, object Data)
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>The delivery body: <c>{"id","type","occurredAt","data"}</c>, camelCase, enums as strings.</summary>
    public string ToBody() => JsonSerializer.Serialize(new { id = Id, type = Type, occurredAt = OccurredAt, data = Data }, Json);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Api.ApiConventions.Configure(options);
        return options;
    }
}

/// <summary>
/// Where the rest of Outdial tells what happened. <see cref="Publish"/> is called on the campaign
/// engine's hot path, so it only puts the event in a bounded in-memory queue: it never waits,
/// never touches the database or the network, and never throws. <see cref="WebhookDispatcher"/>
/// turns queued events into deliveries.
/// </summary>
public sealed class WebhookEvents : IDisposable
{
    public const string MeterName = "Outdial.Webhooks";

    private readonly System.Diagnostics.Metrics.Meter _meter = new(MeterName);
    private readonly Channel<WebhookEvent> _queue;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookEvents> _logger;
    private long _dropped;

    public WebhookEvents(Microsoft.Extensions.Options.IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookEvents> logger)
    {
        _queue = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse rather than wait
            SingleReader = true,
        });
        _clock = clock;
        _logger = logger;
        _meter.CreateObservableCounter("outdial.webhooks.events.dropped", () => Dropped, "{event}", "Webhook events dropped because the queue was full.");
        _meter.CreateObservableUpDownCounter("outdial.webhooks.events.queued", () => _queue.Reader.Count, "{event}", "Webhook events waiting to be stored as deliveries.");
    }

    /// <summary>Events dropped because the queue was full (the database could not keep up) since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<WebhookEvent> Reader => _queue.Reader;

    public void Dispose() => _meter.Dispose();

    /// <summary>Queues an event of <paramref name="eventType"/> (a <see cref="WebhookEventTypes"/> name) with its <paramref name="data"/>; returns at once.</summary>
    public void Publish(string eventType, object data)
    {
        try
        {
            var now = _clock.GetUtcNow();
            if (_queue.Writer.TryWrite(new WebhookEvent(Guid.CreateVersion7(now), eventType, now, data)))
            {
                return;
            }

            var dropped = Interlocked.Increment(ref _dropped);

            // One line per thousand drops: a full queue means an overloaded database, not a reason to flood the log too.
            if (dropped % 1000 == 1)
            {
                WebhookLog.EventDropped(_logger, eventType, dropped);
            }
        }
        catch (Exception)
        {
            // A webhook must never break the caller (the dialer); the event is lost and counted.
            Interlocked.Increment(ref _dropped);
        }
    }
}
