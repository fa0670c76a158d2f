namespace Outdial.Dialing;

/// <summary>What the host must do, returned by <see cref="CampaignDialer.Handle(DialerEvent)"/> in order.</summary>
public abstract record DialerCommand;

/// <summary>Preview: show the record to the operator, who accepts or rejects it.</summary>
public sealed record OfferSession(SessionId Session, OperatorId Operator, RecordId Record) : DialerCommand;

/// <summary>Place a call. With <paramref name="OperatorLine"/> it rings on that operator's line (preview, progressive).</summary>
public sealed record Originate(
    CallId Call,
    RecordId Record,
    E164Number To,
    E164Number? CallerId,
    RingTimeout RingTimeout,
    OperatorId? OperatorLine) : DialerCommand;

/// <summary>Bridge an answered call to an operator's line; the session is the operator's view of it.</summary>
public sealed record ConnectCall(CallId Call, OperatorId Operator, SessionId Session) : DialerCommand;

/// <summary>Nobody was free within 2 s: play the recorded message, then hang up.</summary>
public sealed record PlayAbandonMessageAndHangUp(CallId Call) : DialerCommand;

public sealed record HangUp(CallId Call) : DialerCommand;

public enum SessionCancelReason
{
    CampaignPaused,
    OperatorLeft,
    Blacklisted,
    OutsideCallingHours,
    RecordCancelled,
}

/// <summary>A session offered or in BCW ends without a call.</summary>
public sealed record SessionCancelled(SessionId Session, OperatorId Operator, SessionCancelReason Reason) : DialerCommand;

/// <summary>A record changed: persist it. Comes before the <see cref="Originate"/> it leads to.</summary>
public sealed record RecordChanged(RecordSnapshot Record) : DialerCommand;

/// <summary>
/// A rule decided where an attempt leaves the record, or the outcome needs the host (a do-not-call
/// result blacklists the number). Comes before the record's <see cref="RecordChanged"/>; the host
/// carries out <paramref name="Actions"/> that only it can: blacklist, delete the contact, set parameters.
/// </summary>
/// <param name="Rule">The rule that applied (its name), or <c>null</c> for the defaults.</param>
public sealed record OutcomeDecided(RecordId Record, CallId? Call, SessionId? Session, string? Rule, IReadOnlyList<Rules.RuleAction> Actions) : DialerCommand;
