namespace Outdial.Dialing;

internal sealed class OperatorEntry
{
    public OperatorEntry(OperatorId id)
    {
        Id = id;
        FreeNode = new LinkedListNode<OperatorEntry>(this);
    }

    public OperatorId Id { get; }

    public OperatorActivity Activity { get; set; } = OperatorActivity.Offline;

    /// <summary>When <see cref="Activity"/> began.</summary>
    public DateTimeOffset ActivitySince { get; set; }

    /// <summary>What the operator asked for; applied as soon as they hold no call.</summary>
    public OperatorPresence WantedPresence { get; set; } = OperatorPresence.Offline;

    /// <summary>The operator's place in the list of free operators, made once and reused.</summary>
    public LinkedListNode<OperatorEntry> FreeNode { get; }

    public bool IsFree => FreeNode.List is not null;

    public SessionEntry? Session { get; set; }
}

/// <summary>Where a session is (docs/dialer.md, session state machine).</summary>
public enum SessionStage
{
    Offered,
    Bcw,
    Dialling,
    Talking,
    WrapUp,
}

internal sealed class SessionEntry(SessionId id, OperatorEntry @operator, RecordEntry record, SessionStage stage)
{
    public SessionId Id { get; } = id;

    public OperatorEntry Operator { get; } = @operator;

    public RecordEntry Record { get; } = record;

    public SessionStage Stage { get; set; } = stage;

    /// <summary>Preview: when BCW ends and the number is dialled.</summary>
    public DateTimeOffset DialAt { get; set; }

    public CallEntry? Call { get; set; }
}

/// <summary>Where a call is, from the dialer's point of view.</summary>
public enum CallStage
{
    Dialling,
    Ringing,
    WaitingForOperator,
    Connected,
}

/// <summary>
/// A call the dialer placed. Once it ends the entry waits for the next dial, which takes it over
/// (<see cref="Start"/>): a busy campaign places millions of calls, and nothing that handles a
/// call's end places a new one (docs/dialer.md). Until then it still points at its record and
/// session, which stay in memory a little longer: at most one of each per call that was in
/// progress at the same time.
/// </summary>
internal sealed class CallEntry
{
    public CallEntry()
    {
        WaitingNode = new LinkedListNode<CallEntry>(this);
    }

    public CallId Id { get; private set; }

    public RecordEntry Record { get; private set; } = null!;

    public CallStage Stage { get; set; }

    /// <summary>The operator reserved for (progressive), ringing on (preview) or connected to the call.</summary>
    public OperatorEntry? Operator { get; set; }

    public SessionEntry? Session { get; set; }

    public DateTimeOffset AbandonAt { get; set; }

    /// <summary>The call's place in the list of answered calls waiting for an operator, made once and reused.</summary>
    public LinkedListNode<CallEntry> WaitingNode { get; }

    public bool IsWaiting => WaitingNode.List is not null;

    /// <summary>When the call was placed.</summary>
    public DateTimeOffset DialledAt { get; private set; }

    public void Start(CallId id, RecordEntry record, OperatorEntry? forOperator, SessionEntry? session, DateTimeOffset now)
    {
        Id = id;
        DialledAt = now;
        Record = record;
        Stage = CallStage.Dialling;
        Operator = forOperator;
        Session = session;
        AbandonAt = default;
    }
}

/// <summary>What an operator holds in this campaign right now: the host shows it on their desk.</summary>
/// <param name="DialAt">Preview in BCW: when the number is dialled by itself.</param>
public sealed record SessionView(SessionId Id, RecordId Record, SessionStage Stage, CallId? Call, CallStage? CallStage, DateTimeOffset? DialAt);
