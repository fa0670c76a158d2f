namespace Outdial.Webhooks;

/// <summary>
/// The names of the events a webhook can subscribe to. They are part of the public API
/// (docs/webhooks.md): never rename one, only add.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>A session was created for a campaign record (offered to an operator or dialled ahead of one).</summary>
    public const string SessionCreated = "session.created";

    /// <summary>The call of a session got its dial result (answered, no answer, busy, …).</summary>
    public const string SessionDialResult = "session.dialResult";

    /// <summary>An answered call was connected to an operator.</summary>
    public const string SessionConnected = "session.connected";

    /// <summary>The call of a session ended.</summary>
    public const string SessionEnded = "session.ended";

    /// <summary>The session is over: after-call work is done, with the operator's result and the script's parameters.</summary>
    public const string SessionConcluded = "session.concluded";

    /// <summary>A campaign moved to another state (started, paused, resumed, finished, cancelled).</summary>
    public const string CampaignStateChanged = "campaign.stateChanged";

    /// <summary>A test delivery asked for by a person; no webhook subscribes to it.</summary>
    public const string Ping = "ping";

    /// <summary>Every event type a webhook can subscribe to, in the order the UI lists them.</summary>
    public static IReadOnlyList<string> Subscribable { get; } =
        [SessionCreated, SessionDialResult, SessionConnected, SessionEnded, SessionConcluded, CampaignStateChanged];

    public static bool IsSubscribable(string eventType) => Subscribable.Contains(eventType, StringComparer.Ordinal);
}
