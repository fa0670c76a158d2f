using System.Security.Cryptography;

namespace Outdial.Webhooks;

/// <summary>
/// An integrator's HTTP endpoint that receives the events it subscribes to, each delivery signed
/// with the webhook's secret (docs/webhooks.md). The secret is kept as it is, not hashed: Outdial
/// needs it to sign every delivery.
/// </summary>
public sealed class Webhook
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    /// <summary>Every secret starts with this, so that secret scanners and people recognise it.</summary>
    public const string SecretPrefix = "whsec_";

    private Webhook()
    {
    }

    private Webhook(Guid id, DateTimeOffset now)
    {
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>An absolute http or https address.</summary>
    public string Url { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>The subscribed names of <see cref="WebhookEventTypes.Subscribable"/>, without duplicates.</summary>
    public List<string> EventTypes { get; private set; } = [];

    /// <summary>A disabled webhook gets no new deliveries; those already queued are still sent.</summary>
    public bool Enabled { get; private set; }

    public string Secret { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The last 4 characters of the secret, so that a person can tell which one is in use.</summary>
    public string SecretHint => Secret.Length > 4 ? "…" + Secret[^4..] : "";

    /// <summary>Creates a webhook with a new secret; throws <see cref="InvalidInputProblem"/> naming each bad field.</summary>
    public static Webhook Create(string url, string? description, IEnumerable<string> eventTypes, bool enabled, DateTimeOffset now)
    {
        var webhook = new Webhook(Guid.NewGuid(), now);
        webhook.Change(url, description, eventTypes, enabled, now);
        webhook.RotateSecret(now);
        return webhook;
    }

    public void Change(string url, string? description, IEnumerable<string> eventTypes, bool enabled, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedUrl = url?.Trim() ?? "";
        if (!IsHttpUrl(trimmedUrl))
        {
            errors["url"] = ["Enter the absolute http or https address of your endpoint, e.g. https://crm.example.com/outdial/webhook."];
        }
        else if (trimmedUrl.Length > MaxUrlLength)
        {
            errors["url"] = [$"The address has at most {MaxUrlLength} characters; use a shorter one."];
        }

        var trimmedDescription = description?.Trim() ?? "";
        if (trimmedDescription.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"A description has at most {MaxDescriptionLength} characters; shorten it."];
        }

        var types = eventTypes?.Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList() ?? [];
        var unknown = types.Where(t => !WebhookEventTypes.IsSubscribable(t)).ToList();
        if (types.Count == 0 || unknown.Count > 0)
        {
            var valid = string.Join(", ", WebhookEventTypes.Subscribable);
            errors["events"] = [unknown.Count > 0
                ? $"Unknown event type {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Choose from: {valid}."
                : $"Choose at least one event type: {valid}."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        Url = trimmedUrl;
        Description = trimmedDescription;
        EventTypes = [.. WebhookEventTypes.Subscribable.Where(types.Contains)];
        Enabled = enabled;
        UpdatedAt = now;
    }

    /// <summary>Replaces the secret; the returned value is the new one (also in <see cref="Secret"/>).</summary>
    public string RotateSecret(DateTimeOffset now)
    {
        Secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        UpdatedAt = now;
        return Secret;
    }

    public bool Subscribes(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}
