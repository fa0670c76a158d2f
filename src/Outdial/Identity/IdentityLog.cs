namespace Outdial.Identity;

/// <summary>Log messages of the identity room. No e-mail addresses or passwords above Debug.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sign-in failed: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "User {UserId} signed in")]
    public static partial void SignedIn(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "User {UserId} created")]
    public static partial void UserCreated(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "API token {TokenId} created for user {UserId}")]
    public static partial void TokenCreated(ILogger logger, Guid tokenId, Guid userId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "API token {TokenId} revoked")]
    public static partial void TokenRevoked(ILogger logger, Guid tokenId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "The first administrator was created: sign in as {Email} with the one-time password printed on the console")]
    public static partial void FirstAdministratorCreated(ILogger logger, string email);
}
