using System.ComponentModel.DataAnnotations;

namespace Outdial.Webhooks;

/// <summary>The <c>Webhooks</c> settings section (README, docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long one attempt may take before it counts as failed, in seconds.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How many deliveries are sent at the same time; one webhook gets at most half of them, so a hanging endpoint cannot hold up the others.</summary>
    [Range(1, 64)]
    public int MaxConcurrentDeliveries { get; set; } = 4;

    /// <summary>Events waiting to be written as deliveries; beyond this, new events are dropped (and counted) rather than slow the dialer.</summary>
    [Range(100, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
