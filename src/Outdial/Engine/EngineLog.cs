namespace Outdial.Engine;

internal static partial class EngineLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "The engine could not store {Count} changes")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "The engine lost a change it could not store: {Change}")]
    public static partial void WriteLost(ILogger logger, string change, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Campaign {CampaignId}: changed tenant or group settings could not be applied; they apply when the campaign is edited or restarted")]
    public static partial void SettingsNotApplied(ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Campaign {CampaignId} reached its goal but could not be marked finished")]
    public static partial void NotFinished(ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Campaign {CampaignId}: a message failed")]
    public static partial void ActorFailed(ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Campaign {CampaignId}: attempts could not be stored; their calls are not placed")]
    public static partial void AttemptNotStored(ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: the telephony adapter failed on {Command}")]
    public static partial void TelephonyFailed(ILogger logger, Guid campaignId, string command, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Start-up: {Attempts} calls left in flight closed as interrupted, {Records} records put back in their queues")]
    public static partial void Reconciled(ILogger logger, int attempts, int records);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Campaign {CampaignId} runs with {Records} open records")]
    public static partial void CampaignLoaded(ILogger logger, Guid campaignId, int records);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Campaign {CampaignId} could not be loaded")]
    public static partial void CampaignNotLoaded(ILogger logger, Guid campaignId, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Operator {UserId}: routing failed")]
    public static partial void RoutingFailed(ILogger logger, Guid userId, Exception exception);
}
