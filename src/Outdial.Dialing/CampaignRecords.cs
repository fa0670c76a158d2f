namespace Outdial.Dialing;

/// <summary>The states of a campaign record (product.md).</summary>
public enum RecordState
{
    Initial,
    OperatorAssigned,
    Bcw,
    Calling,
    WaitingForOperator,
    CallInProgress,
    Acw,
    RetryScheduled,
    Abandoned,
    CancelledByClient,

    // Final states: a record in one of these never changes again and is never dialled.
    Success,
    Failed,
    DialFailed,
    RejectedByOperator,
    CancelledByAdmin,
    Blacklisted,
    InvalidRecord,
    Removed,
}

public static class RecordStates
{
    public static bool IsFinal(this RecordState state) => state >= RecordState.Success;

    /// <summary>Waiting in the queue for its next attempt (not reserved by a session or a call).</summary>
    public static bool IsWaiting(this RecordState state) =>
        state is RecordState.Initial or RecordState.RetryScheduled or RecordState.Abandoned or RecordState.CancelledByClient;
}

/// <summary>How a dial ended, as the telephony network reports it.</summary>
public enum DialResult
{
    Answered,
    AnsweringMachine,
    NoAnswer,
    Busy,
    Rejected,
    Unreachable,
    InvalidNumber,
    NetworkError,
    Abandoned,
    CancelledByClient,
}

/// <summary>Why a call failed (the telephony port's reasons).</summary>
public enum CallFailure
{
    NoAnswer,
    Busy,
    Rejected,
    Unreachable,
    InvalidNumber,
    NetworkError,
}

/// <summary>Who answered a call, when the network or answering-machine detection knows.</summary>
public enum AnsweredBy
{
    Live,
    Machine,
}

/// <summary>What the operator decided at the end of a session.</summary>
public enum OperatorResultKind
{
    Success,

    /// <summary>Call again at <see cref="OperatorResult.CallbackAt"/>, before any other due record.</summary>
    Callback,

    /// <summary>Call again after the campaign's retry delay.</summary>
    Retry,

    /// <summary>Do not call again.</summary>
    Failed,

    /// <summary>The person asked never to be called: the number goes on the blacklist.</summary>
    DoNotCall,
}

/// <param name="Code">The name of the result code the operator chose, for rules that look at it.</param>
/// <param name="SameOperator">Callback: keep it for the operator who made the arrangement (docs/rules.md).</param>
public sealed record OperatorResult(OperatorResultKind Kind, DateTimeOffset? CallbackAt = null, string? Code = null, bool SameOperator = false)
{
    public static OperatorResult Success { get; } = new(OperatorResultKind.Success);

    public static OperatorResult Retry { get; } = new(OperatorResultKind.Retry);

    public static OperatorResult Failed { get; } = new(OperatorResultKind.Failed);

    public static OperatorResult Callback(DateTimeOffset at) => new(OperatorResultKind.Callback, at);
}

/// <summary>
/// A record handed to the dialer (new, or loaded back with its history). A value: the dialer copies
/// it into its own entry, so a host adding thousands of records allocates none of these.
/// </summary>
/// <param name="Phone">The number to dial; <c>null</c> when the contact has no usable number.</param>
/// <param name="TimeZoneId">The contact's IANA time zone, e.g. <c>Europe/Prague</c>; <c>null</c> for the campaign default.</param>
public readonly record struct NewRecord(RecordId Id, E164Number? Phone, string? TimeZoneId = null)
{
    public int Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? CallbackAt { get; init; }

    public DateTimeOffset? LockedOutUntil { get; init; }

    /// <summary>The contact's other phones by label (lower case), for rules that call again on another phone.</summary>
    public IReadOnlyDictionary<string, E164Number>? Phones { get; init; }

    /// <summary>The numbers of the rules whose contact condition holds for this contact (docs/rules.md).</summary>
    public IReadOnlySet<int>? ContactFacts { get; init; }

    /// <summary>A callback kept for this operator.</summary>
    public OperatorId? ReservedFor { get; init; }
}

/// <summary>The part of a record that the host persists after every change.</summary>
public sealed record RecordSnapshot(
    RecordId Id,
    RecordState State,
    int Attempts,
    int Rejections,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CallbackAt,
    DateTimeOffset? LockedOutUntil,
    DialResult? LastDialResult,
    OperatorResultKind? LastOperatorResult,
    OperatorId? Operator,
    E164Number? Phone = null,
    OperatorId? ReservedFor = null);

/// <summary>Why a record is not being dialled right now.</summary>
public enum WaitReason
{
    /// <summary>Nothing stops it except that no operator (or line) is free for it yet.</summary>
    NoFreeOperator,
    CampaignPaused,
    CallingHours,
    RetryDelay,
    Callback,
    Lockout,

    /// <summary>It is offered, in BCW, or on a call right now.</summary>
    InProgress,
    Finished,
    Unknown,
}

/// <param name="Until">The earliest time it can be dialled, when that is known.</param>
public sealed record WaitStatus(WaitReason Reason, DateTimeOffset? Until = null);
