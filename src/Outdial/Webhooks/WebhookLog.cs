namespace Outdial.Webhooks;

/// <summary>Webhook log lines. Bodies are never logged: they carry contacts' personal data.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: delivery {DeliveryId} of {EventType} failed (attempt {Attempt}, HTTP status {HttpStatus}): {Error}")]
    public static partial void AttemptFailed(ILogger logger, Guid webhookId, Guid deliveryId, string eventType, int attempt, int? httpStatus, string error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: gave up on delivery {DeliveryId} of {EventType} after {Attempts} attempts")]
    public static partial void GaveUp(ILogger logger, Guid webhookId, Guid deliveryId, string eventType, int attempts);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The webhook queue is full: a {EventType} event was dropped ({Dropped} dropped since start)")]
    public static partial void EventDropped(ILogger logger, string eventType, long dropped);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "{Count} webhook events could not be stored as deliveries and are lost")]
    public static partial void EventsNotStored(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "The webhook sender failed; it tries again shortly")]
    public static partial void SenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "A {EventType} event with data of type {DataType} cannot be written as JSON; it is not delivered")]
    public static partial void EventNotSerialisable(ILogger logger, string eventType, string dataType, Exception exception);
}
