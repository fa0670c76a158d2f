namespace Outdial.Dialing;

/// <summary>Something that happened, fed to <see cref="CampaignDialer.Handle(DialerEvent)"/>.</summary>
public abstract record DialerEvent;

public sealed record OperatorPresenceChanged(OperatorId Operator, OperatorPresence Presence) : DialerEvent;

public sealed record SessionAccepted(SessionId Session) : DialerEvent;

/// <summary>Preview: the operator does not want this record now; it goes back to the queue.</summary>
public sealed record SessionRejected(SessionId Session) : DialerEvent;

/// <summary>Preview: the operator dials before BCW ends.</summary>
public sealed record CallNowPressed(SessionId Session) : DialerEvent;

/// <summary>The operator chose a result and finished wrap-up: the session ends and they are free.</summary>
public sealed record SessionCompleted(SessionId Session, OperatorResult Result) : DialerEvent;

/// <summary>Progress of a call, as the telephony port reports it.</summary>
public abstract record CallProgress(CallId Call) : DialerEvent;

public sealed record CallRinging(CallId Call) : CallProgress(Call);

public sealed record CallAnswered(CallId Call, AnsweredBy By) : CallProgress(Call);

public sealed record CallFailed(CallId Call, CallFailure Reason) : CallProgress(Call);

/// <summary>The call is over: the called person or the operator hung up.</summary>
public sealed record CallEnded(CallId Call) : CallProgress(Call);

/// <summary>Time passed; sent by the host at <see cref="CampaignDialer.NextDeadline"/> (or more often).</summary>
public sealed record Tick : DialerEvent
{
    public static Tick Instance { get; } = new();
}

/// <param name="Pacing">
/// A new predictive pacing policy when the campaign's pacing changed, <c>null</c> to keep the
/// current one. It decides from this event on and learns from what it observes from then on: calls
/// placed before are reported to it as they progress, but it did not see them dialled.
/// </param>
public sealed record SettingsChanged(CampaignSettings Settings, Pacing.IPacingPolicy? Pacing = null) : DialerEvent;

public sealed record CampaignPaused : DialerEvent;

public sealed record CampaignResumed : DialerEvent;

/// <summary>Records to dial. The dialer copies them while it handles the event: the host may reuse the list afterwards.</summary>
public sealed record RecordsAdded(IReadOnlyList<NewRecord> Records) : DialerEvent;

/// <summary>
/// The rules changed: what they need to know about each record's contact, anew (docs/rules.md).
/// Records missing from the maps have no facts and no other phones.
/// </summary>
public sealed record ContactFactsChanged(
    IReadOnlyDictionary<RecordId, IReadOnlySet<int>> Facts,
    IReadOnlyDictionary<RecordId, IReadOnlyDictionary<string, E164Number>> Phones) : DialerEvent;

/// <summary>The supervisor removed a record from the campaign; a call in progress ends normally first.</summary>
public sealed record RecordCancelled(RecordId Record) : DialerEvent;
