using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Outdial.Persistence;

namespace Outdial.Webhooks;

/// <summary>
/// Sends the pending deliveries that are due, a few at a time, each signed with its webhook's
/// secret; a failure (non-2xx, timeout, no connection) is retried with exponential backoff
/// (<see cref="WebhookDelivery.RetryDelay"/>) until the retry window closes. Runs apart from the
/// dialer, so a slow or broken endpoint only ever delays its own deliveries.
/// </summary>
public sealed class WebhookSender(
    IDbContextFactory<OutdialDbContext> databases, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
    : BackgroundService
{
    public const string HttpClientName = "Outdial.Webhooks";

    /// <summary>How often the database is looked at even when nothing was announced (e.g. deliveries written by another node).</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries being sent, by id, with their webhook's id.</summary>
    private readonly ConcurrentDictionary<Guid, Guid> _inFlight = new();

    // Deliveries whose last try failed in an unexpected way (not an answer from the endpoint): not
    // tried again for a minute, so one that keeps failing cannot spin the sender.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _resting = new();
    private static readonly TimeSpan RestAfterFailure = TimeSpan.FromMinutes(1);
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Looks for due deliveries now rather than at the next planned time.</summary>
    public void Wake() => _doorbell.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await StartDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                WebhookLog.SenderFailed(logger, exception);
                wait = TimeSpan.FromSeconds(5);
            }

            await WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>
    /// Starts sending what is due, as far as free slots allow; returns how long to wait before
    /// looking again. One webhook gets at most half the slots, so an endpoint that hangs until
    /// the timeout does not hold up the deliveries to the others.
    /// </summary>
    private async Task<TimeSpan> StartDueAsync(CancellationToken cancellationToken)
    {
        var slots = options.Value.MaxConcurrentDeliveries;
        var perWebhook = Math.Max(1, slots / 2);
        var free = slots - _inFlight.Count;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (free > 0)
        {
            var now = clock.GetUtcNow();
            var load = _inFlight.Values.CountBy(webhookId => webhookId).ToDictionary();
            var candidates = await Waiting(db, perWebhook).Where(d => d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .Take(free * perWebhook)
                .Join(db.Webhooks, d => d.WebhookId, w => w.Id, (d, w) => new Outgoing(d.Id, w.Id, d.EventType, d.Body, w.Url, w.Secret))
                .ToListAsync(cancellationToken);
            var started = 0;
            foreach (var outgoing in candidates.TakeWhile(_ => started < free))
            {
                if (load.GetValueOrDefault(outgoing.WebhookId) < perWebhook)
                {
                    load[outgoing.WebhookId] = load.GetValueOrDefault(outgoing.WebhookId) + 1;
                    _inFlight[outgoing.DeliveryId] = outgoing.WebhookId;
                    started++;
                    _ = SendAndRecordAsync(outgoing, cancellationToken);
                }
            }

            if (started == free)
            {
                return TimeSpan.Zero; // more may be due
            }
        }

        if (_inFlight.Count >= slots)
        {
            return IdlePoll; // a finishing send rings the doorbell
        }

        var next = await Waiting(db, perWebhook).OrderBy(d => d.NextAttemptAt).Select(d => d.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        var untilNext = next is { } at ? at - clock.GetUtcNow() : IdlePoll;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < IdlePoll ? untilNext : IdlePoll;
    }

    /// <summary>Pending deliveries that could start now: not in flight, to a webhook that has a free slot.</summary>
    private IQueryable<WebhookDelivery> Waiting(OutdialDbContext db, int perWebhook)
    {
        var now = clock.GetUtcNow();
        foreach (var rested in _resting.Where(r => r.Value <= now).Select(r => r.Key).ToList())
        {
            _resting.TryRemove(rested, out _);
        }

        var busy = _inFlight.Keys.Concat(_resting.Keys).ToList();
        var saturated = _inFlight.Values.CountBy(webhookId => webhookId).Where(c => c.Value >= perWebhook).Select(c => c.Key).ToList();
        return db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && !busy.Contains(d.Id) && !saturated.Contains(d.WebhookId));
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, clock, woken.Token);
        var bell = _doorbell.Reader.WaitToReadAsync(woken.Token).AsTask();
        await Task.WhenAny(delay, bell);
        _doorbell.Reader.TryRead(out _);
        await woken.CancelAsync(); // ends whichever of the two still waits
    }

    private async Task SendAndRecordAsync(Outgoing outgoing, CancellationToken stoppingToken)
    {
        try
        {
            var (status, error) = await SendAsync(outgoing, stoppingToken);
            await RecordAsync(outgoing, status, error, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            WebhookLog.SenderFailed(logger, exception);
            _resting[outgoing.DeliveryId] = clock.GetUtcNow() + RestAfterFailure;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down (the request was cancelled, or the database is already gone): the
            // delivery stays pending and is sent again after the restart.
        }
        finally
        {
            _inFlight.TryRemove(outgoing.DeliveryId, out _);
            Wake();
        }
    }

    /// <returns>The HTTP status (when there was an answer) and, for a failure, a short reason.</returns>
    private async Task<(int? Status, string? Error)> SendAsync(Outgoing outgoing, CancellationToken stoppingToken)
    {
        var body = Encoding.UTF8.GetBytes(outgoing.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, outgoing.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Outdial-Event", outgoing.EventType);
        request.Headers.Add("Outdial-Delivery", outgoing.DeliveryId.ToString());
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add("Outdial-Timestamp", timestamp);

        // The time is signed with the body, so a captured delivery cannot be replayed later.
        request.Headers.Add("Outdial-Signature", WebhookSignature.Sign(outgoing.Secret, [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));

        var timeout = options.Value.Timeout;
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stoppingToken);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return (null, $"No answer within {timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException exception)
        {
            return (null, exception.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "Could not connect: " + exception.Message,
                HttpRequestError.NameResolutionError => "The host name could not be resolved.",
                HttpRequestError.SecureConnectionError => "The TLS handshake failed: " + exception.Message,
                _ => exception.Message,
            });
        }
    }

    private async Task RecordAsync(Outgoing outgoing, int? status, string? error, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == outgoing.DeliveryId, cancellationToken);
        if (delivery is null)
        {
            return; // the webhook was deleted meanwhile
        }

        var now = clock.GetUtcNow();
        if (error is null)
        {
            delivery.Succeeded(status!.Value, now);
        }
        else
        {
            delivery.AttemptFailed(status, error, now);
            WebhookLog.AttemptFailed(logger, outgoing.WebhookId, delivery.Id, delivery.EventType, delivery.Attempts, status, error);
            if (delivery.Status == WebhookDeliveryStatus.Failed)
            {
                WebhookLog.GaveUp(logger, outgoing.WebhookId, delivery.Id, delivery.EventType, delivery.Attempts);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record Outgoing(Guid DeliveryId, Guid WebhookId, string EventType, string Body, string Url, string Secret);
}
