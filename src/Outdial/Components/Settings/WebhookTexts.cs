using Outdial.Webhooks;

namespace Outdial.Components.Settings;

/// <summary>How the settings page names event types and delivery states.</summary>
public static class WebhookTexts
{
    public static string Describe(string eventType) => eventType switch
    {
        WebhookEventTypes.SessionCreated => "a session is created for a contact",
        WebhookEventTypes.SessionDialResult => "a call gets its dial result (answered, busy, no answer …)",
        WebhookEventTypes.SessionConnected => "an answered call is connected to an operator",
        WebhookEventTypes.SessionEnded => "a call ends",
        WebhookEventTypes.SessionConcluded => "after wrap-up, with the operator's result and the script's answers",
        WebhookEventTypes.CampaignStateChanged => "a campaign starts, pauses, resumes, finishes or is cancelled",
        WebhookEventTypes.Ping => "a test delivery",
        _ => eventType,
    };

    public static MudBlazor.Color ColorOf(WebhookDeliveryStatus? status) => status switch
    {
        WebhookDeliveryStatus.Delivered => MudBlazor.Color.Success,
        WebhookDeliveryStatus.Pending => MudBlazor.Color.Warning,
        WebhookDeliveryStatus.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
