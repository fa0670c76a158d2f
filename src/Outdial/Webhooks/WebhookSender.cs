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

    private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();
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

    /// <summary>Starts sending what is due, as far as free slots allow; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> StartDueAsync(CancellationToken cancellationToken)
    {
        var free = options.Value.MaxConcurrentDeliveries - _inFlight.Count;
        var now = clock.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var busy = _inFlight.Keys.ToList();
        var pending = db.WebhookDeliveries.AsNoTracking().Where(d => d.Status == WebhookDeliveryStatus.Pending && !busy.Contains(d.Id));
        if (free > 0)
        {
            var due = await pending.Where(d => d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .Take(free)
                .Join(db.Webhooks, d => d.WebhookId, w => w.Id, (d, w) => new Outgoing(d.Id, w.Id, d.EventType, d.Body, w.Url, w.Secret))
                .ToListAsync(cancellationToken);
            foreach (var outgoing in due)
            {
                _inFlight[outgoing.DeliveryId] = 0;
                _ = SendAndRecordAsync(outgoing, cancellationToken);
            }

            if (due.Count == free)
            {
                return TimeSpan.Zero;
            }
        }

        if (_inFlight.Count >= options.Value.MaxConcurrentDeliveries)
        {
            return IdlePoll; // a finishing send rings the doorbell
        }

        busy = [.. _inFlight.Keys];
        var next = await pending.Where(d => !busy.Contains(d.Id)).OrderBy(d => d.NextAttemptAt).Select(d => d.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        var untilNext = next is { } at ? at - clock.GetUtcNow() : IdlePoll;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < IdlePoll ? untilNext : IdlePoll;
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
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the delivery stays pending and is sent after the restart.
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
        request.Headers.Add("Outdial-Timestamp", clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Outdial-Signature", WebhookSignature.Sign(outgoing.Secret, body));

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
