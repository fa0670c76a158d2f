namespace Outdial.Dialing;

/// <summary>What an operator chose in the UI: whether they want to receive calls.</summary>
public enum OperatorPresence
{
    Offline,
    Online,
    OnBreak,
}

/// <summary>What an operator is doing for this campaign (operator state machine in docs/dialer.md).</summary>
public enum OperatorActivity
{
    Offline,
    OnBreak,
    Free,

    /// <summary>Preview: a record is offered and waits for accept or reject.</summary>
    Offered,

    /// <summary>Preview: accepted; the call is placed when BCW ends or Call is pressed.</summary>
    Bcw,

    /// <summary>A call is being placed for this operator (preview, progressive).</summary>
    Dialling,
    Talking,
    WrapUp,
}
