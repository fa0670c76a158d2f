using Outdial.Webhooks;

namespace Outdial.Tests.Webhooks;

public sealed class WebhookDeliveryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retries_wait_30_seconds_then_twice_as_long_each_time_up_to_an_hour()
    {
        var delays = Enumerable.Range(1, 10).Select(WebhookDelivery.RetryDelay).Select(d => d.TotalSeconds);

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600], delays);
    }

    [Fact]
    public void A_failing_endpoint_is_tried_until_the_next_attempt_would_fall_after_24_hours()
    {
        var delivery = new WebhookDelivery(Guid.NewGuid(), Guid.NewGuid(), WebhookEventTypes.SessionEnded, "{}", Start);
        var now = Start;
        while (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            delivery.AttemptFailed(500, "HTTP 500", now);
            now = delivery.NextAttemptAt ?? now;
            Assert.True(now - Start <= TimeSpan.FromHours(24));
        }

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        // 8 attempts in the first 64 minutes (30 s … 32 min apart), then one an hour until the day is over.
        Assert.Equal(30, delivery.Attempts);
        Assert.True(delivery.LastAttemptAt > Start.AddHours(23));
    }

    [Fact]
    public void A_retry_asked_for_by_a_person_sends_a_failed_delivery_at_once()
    {
        var delivery = new WebhookDelivery(Guid.NewGuid(), Guid.NewGuid(), WebhookEventTypes.SessionEnded, "{}", Start);
        delivery.AttemptFailed(null, "No answer", Start.AddHours(24).AddSeconds(-10));
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);

        delivery.RetryNow(Start.AddHours(30));

        Assert.Equal((WebhookDeliveryStatus.Pending, Start.AddHours(30)), (delivery.Status, delivery.NextAttemptAt));
    }
}
