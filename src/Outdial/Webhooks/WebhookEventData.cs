using Outdial.Campaigns;

namespace Outdial.Webhooks;

/// <summary>
/// The <c>data</c> of every <c>session.*</c> event (docs/webhooks.md). Fields that are not known
/// yet at the event are null: <c>session.created</c> has no dial result, only
/// <c>session.concluded</c> has the operator's <see cref="Result"/> and the script's
/// <see cref="Parameters"/>.
/// </summary>
/// <param name="Phone">The dialled number in E.164.</param>
/// <param name="DialResult">How the call went: answered, noAnswer, busy, rejected, unreachable, invalidNumber …</param>
/// <param name="Result">The result code the operator chose.</param>
/// <param name="Parameters">The call script's answers by question key (<c>session.concluded</c> only).</param>
/// <param name="TalkSeconds">Seconds between connection and the end of the call.</param>
public sealed record SessionEventData(
    Guid SessionId,
    Guid CampaignId,
    string CampaignName,
    Guid RecordId,
    Guid ContactId,
    Guid? OperatorId,
    string? Phone,
    string? DialResult,
    string? Result,
    string? Note,
    IReadOnlyDictionary<string, string>? Parameters,
    DateTimeOffset StartedAt,
    DateTimeOffset? DialledAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? EndedAt,
    int? TalkSeconds);

/// <summary>The <c>data</c> of <c>campaign.stateChanged</c>.</summary>
public sealed record CampaignStateChangedData(Guid CampaignId, string Name, CampaignState State, CampaignState? PreviousState);

/// <summary>The <c>data</c> of a <c>ping</c> (a test delivery).</summary>
public sealed record PingData(Guid WebhookId, string Message);

/// <summary>Publishes <c>campaign.stateChanged</c> for every change of a campaign's state.</summary>
internal sealed class CampaignStateWebhooks : IHostedService
{
    public CampaignStateWebhooks(CampaignEvents campaigns, WebhookEvents webhooks) =>
        campaigns.OnStateChanged((campaign, previous) =>
        {
            webhooks.Publish(WebhookEventTypes.CampaignStateChanged, new CampaignStateChangedData(campaign.Id, campaign.Name, campaign.State, previous));
            return Task.CompletedTask;
        });

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
