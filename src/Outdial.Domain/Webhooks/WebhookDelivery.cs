namespace Outdial.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt or for a retry.</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: no attempt succeeded within <see cref="WebhookDelivery.RetryWindow"/> of the event.</summary>
    Failed,
}

/// <summary>
/// One event on its way to one webhook: the body exactly as it is sent (and signed) on every
/// attempt, and the outcome of the attempts so far.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    /// <summary>Retries stop once the next attempt would fall more than this after the event.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(24);

    /// <summary>The wait after the first failed attempt; it doubles after each further failure.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>No wait between two attempts is longer than this.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(Guid webhookId, Guid eventId, string eventType, string body, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        WebhookId = webhookId;
        EventId = eventId;
        EventType = eventType;
        Body = body;
        CreatedAt = now;
        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }

    public Guid WebhookId { get; private set; }

    /// <summary>The same for every webhook that receives the event, so that a receiver can drop duplicates.</summary>
    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    /// <summary>The JSON body exactly as sent.</summary>
    public string Body { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When the sender next tries; null once delivered or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public int? LastHttpStatus { get; private set; }

    /// <summary>A short reason for the last failure, e.g. "HTTP 500" or "No answer within 10 s".</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>The wait before the next attempt after <paramref name="failedAttempts"/> failed ones: 30 s, 1 min, 2 min, 4 min … at most 1 h.</summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 16);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    public void Succeeded(int httpStatus, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastHttpStatus = httpStatus;
        LastError = null;
        Status = WebhookDeliveryStatus.Delivered;
        DeliveredAt = now;
        NextAttemptAt = null;
    }

    /// <summary>Records a failed attempt and schedules the next one, or gives up when it would fall outside <see cref="RetryWindow"/>.</summary>
    public void AttemptFailed(int? httpStatus, string error, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastHttpStatus = httpStatus;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var next = now + RetryDelay(Attempts);
        if (next - CreatedAt > RetryWindow)
        {
            Status = WebhookDeliveryStatus.Failed;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = next;
        }
    }

    /// <summary>
    /// Sends again as soon as possible, also after it was delivered or given up. One attempt is
    /// made; a failure after the retry window schedules no more.
    /// </summary>
    public void RetryNow(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
        DeliveredAt = null;
    }
}
