using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outdial.Webhooks;

namespace Outdial.Tests.Webhooks;

public sealed class WebhookEventsTests
{
    [Fact]
    public void Publishing_to_a_full_queue_drops_and_counts_the_event_instead_of_waiting()
    {
        using var events = new WebhookEvents(Options.Create(new WebhookOptions { QueueCapacity = 100 }), new FakeTimeProvider(), NullLogger<WebhookEvents>.Instance);

        for (var i = 0; i < 150; i++)
        {
            events.Publish(WebhookEventTypes.SessionEnded, new { i });
        }

        Assert.Equal(50, events.Dropped);
    }

    [Fact]
    public void The_body_is_camel_case_with_enums_as_strings()
    {
        var at = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var campaignId = Guid.NewGuid();
        var item = new WebhookEvent(Guid.Empty, WebhookEventTypes.CampaignStateChanged, at,
            new CampaignStateChangedData(campaignId, "Spring", Outdial.Campaigns.CampaignState.Paused, Outdial.Campaigns.CampaignState.Running));

        Assert.Equal(
            $$$"""{"id":"00000000-0000-0000-0000-000000000000","type":"campaign.stateChanged","occurredAt":"2026-11-27T09:00:00+00:00","data":{"campaignId":"{{{campaignId}}}","name":"Spring","state":"paused","previousState":"running"}}""",
            item.ToBody());
    }
}
