using System.Net;

namespace Outdial.Telephony;

/// <summary>Log messages of the SIP provider (event ids 6001–6099). Numbers and addresses of customers only at Debug.</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "SIP user agent listening on {EndPoint} (UDP and TCP) with {Trunks} trunk(s)")]
    public static partial void Started(ILogger logger, IPEndPoint endPoint, int trunks);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "SIP {Direction} {Transport} {Remote}\n{Message}")]
    public static partial void Message(ILogger logger, string direction, string transport, EndPoint remote, string message);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Trunk {Trunk} failed a call ({Status} {Reason}); trying the next trunk")]
    public static partial void NextTrunk(ILogger logger, string trunk, int status, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Operator {UserId} has no phone address in their profile; the call was ended. Add it in Settings → Users.")]
    public static partial void NoOperatorPhone(ILogger logger, Guid userId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "The phone of operator {UserId} did not take the call: {Reason}")]
    public static partial void OperatorPhoneFailed(ILogger logger, Guid userId, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "A call could not be connected to operator {UserId}")]
    public static partial void BridgeFailed(ILogger logger, Guid userId, Exception exception);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "The abandon message is not played yet: the SIP provider has no media endpoint (a later release); the call is hung up")]
    public static partial void NoAbandonMessage(ILogger logger);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "A SIP call failed unexpectedly")]
    public static partial void CallFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Registration with trunk {Trunk} failed: {Error}")]
    public static partial void RegistrationFailed(ILogger logger, string trunk, string error);
}
