using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Transactions;

internal enum TransactionState
{
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Confirmed,
    Terminated,
}

/// <summary>What a client transaction reports to whoever started it (a call, a registration).</summary>
internal interface IClientTransactionOwner
{
    /// <summary>Every response passed up: provisional, final, and (INVITE, RFC 6026) each retransmitted 2xx.</summary>
    void OnResponse(ClientTransaction transaction, SipResponse response);

    /// <summary>Timer B or F: no final response in 64·T1.</summary>
    void OnTimeout(ClientTransaction transaction);

    void OnTransportError(ClientTransaction transaction);
}

/// <summary>A client transaction (§17.1): sends a request, retransmits on UDP, matches responses.</summary>
internal abstract class ClientTransaction
{
    private protected ClientTransaction(TransactionContext context, SipRequest request, SipEndPoint destination, IClientTransactionOwner owner)
    {
        Context = context;
        Request = request;
        Destination = destination;
        Owner = owner;
    }

    private protected TransactionContext Context { get; }

    public SipRequest Request { get; }

    public SipEndPoint Destination { get; }

    public IClientTransactionOwner Owner { get; }

    public TransactionState State { get; private protected set; }

    public string Key => TransactionKeys.Client(Request.TopVia.Branch, Request.CSeq.Method);

    public abstract void Start();

    public abstract void OnResponse(SipResponse response);

    public void OnTransportError()
    {
        if (State is TransactionState.Terminated or TransactionState.Completed or TransactionState.Accepted)
        {
            return;
        }

        Terminate();
        Owner.OnTransportError(this);
    }

    /// <summary>
    /// The owner stops waiting for a final response (RFC 3261 §9.1: the call gave up after its
    /// CANCEL went unanswered). Without this an INVITE in Proceeding, which has no timer of its
    /// own, would stay registered for ever. A transaction that has its final response keeps
    /// absorbing retransmissions as usual.
    /// </summary>
    public void Abandon()
    {
        if (State is TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding)
        {
            Terminate();
        }
    }

    private protected void Send(SipMessage message) => Context.Transport.Send(message, Destination);

    private protected virtual void Terminate()
    {
        State = TransactionState.Terminated;
        Context.Remove(this);
    }
}

/// <summary>INVITE client transaction (§17.1.1 with RFC 6026's Accepted state).</summary>
internal sealed class InviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerA;
    private readonly TransactionTimer _timerB;
    private readonly TransactionTimer _timerD;
    private readonly TransactionTimer _timerM;
    private TimeSpan _interval;
    private SipRequest? _ack;

    public InviteClientTransaction(TransactionContext context, SipRequest request, SipEndPoint destination, IClientTransactionOwner owner)
        : base(context, request, destination, owner)
    {
        _timerA = context.Timer(Retransmit);
        _timerB = context.Timer(TimeOut);
        _timerD = context.Timer(Terminate);
        _timerM = context.Timer(Terminate);
    }

    public override void Start()
    {
        State = TransactionState.Calling;
        Send(Request);
        _interval = Context.Timers.T1;
        if (!Destination.IsReliable)
        {
            _timerA.Start(_interval);
        }

        _timerB.Start(Context.Timers.TransactionTimeout);
    }

    private void Retransmit()
    {
        if (State != TransactionState.Calling)
        {
            return;
        }

        Send(Request);
        _interval = TransactionTimers.Double(_interval, null);
        _timerA.Start(_interval);
    }

    private void TimeOut()
    {
        if (State == TransactionState.Calling)
        {
            Terminate();
            Owner.OnTimeout(this);
        }
    }

    public override void OnResponse(SipResponse response)
    {
        switch (State)
        {
            case TransactionState.Calling or TransactionState.Proceeding when response.IsProvisional:
                State = TransactionState.Proceeding;
                _timerA.Stop();
                _timerB.Stop();
                Owner.OnResponse(this, response);
                break;
            case TransactionState.Calling or TransactionState.Proceeding when response.IsSuccess:
                State = TransactionState.Accepted;
                _timerA.Stop();
                _timerB.Stop();
                _timerM.Start(Context.Timers.TransactionTimeout);
                Owner.OnResponse(this, response);
                break;
            case TransactionState.Calling or TransactionState.Proceeding:
                State = TransactionState.Completed;
                _timerA.Stop();
                _timerB.Stop();
                _ack = AckFor(response);
                Send(_ack);
                _timerD.Start(Context.Timers.TimerD(Destination.IsReliable));
                Owner.OnResponse(this, response);
                break;
            case TransactionState.Accepted when response.IsSuccess:
                Owner.OnResponse(this, response);
                break;
            case TransactionState.Completed when !response.IsProvisional && !response.IsSuccess:
                Send(_ack!);
                break;
        }
    }

    /// <summary>The ACK of a non-2xx final response, part of this transaction (§17.1.1.3).</summary>
    private SipRequest AckFor(SipResponse response)
    {
        var ack = new SipRequest
        {
            Method = SipMethods.Ack,
            RequestUri = Request.RequestUri,
            Vias = [Request.TopVia],
            MaxForwards = 70,
            From = Request.From,
            To = response.To,
            CallId = Request.CallId,
            CSeq = new SipCSeq(Request.CSeq.Number, SipMethods.Ack),
        };
        ack.Headers.AddRange(Request.Headers.Where(header => header.Name == SipHeaderNames.Route));
        return ack;
    }

    private protected override void Terminate()
    {
        _timerA.Stop();
        _timerB.Stop();
        _timerD.Stop();
        _timerM.Stop();
        base.Terminate();
    }
}

/// <summary>Non-INVITE client transaction (§17.1.2): BYE, CANCEL, REGISTER, OPTIONS.</summary>
internal sealed class NonInviteClientTransaction : ClientTransaction
{
    private readonly TransactionTimer _timerE;
    private readonly TransactionTimer _timerF;
    private readonly TransactionTimer _timerK;
    private TimeSpan _interval;

    public NonInviteClientTransaction(TransactionContext context, SipRequest request, SipEndPoint destination, IClientTransactionOwner owner)
        : base(context, request, destination, owner)
    {
        _timerE = context.Timer(Retransmit);
        _timerF = context.Timer(TimeOut);
        _timerK = context.Timer(Terminate);
    }

    public override void Start()
    {
        State = TransactionState.Trying;
        Send(Request);
        _interval = Context.Timers.T1;
        if (!Destination.IsReliable)
        {
            _timerE.Start(_interval);
        }

        _timerF.Start(Context.Timers.TransactionTimeout);
    }

    private void Retransmit()
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return;
        }

        Send(Request);
        _interval = State == TransactionState.Proceeding ? Context.Timers.T2 : TransactionTimers.Double(_interval, Context.Timers.T2);
        _timerE.Start(_interval);
    }

    private void TimeOut()
    {
        if (State is TransactionState.Trying or TransactionState.Proceeding)
        {
            Terminate();
            Owner.OnTimeout(this);
        }
    }

    public override void OnResponse(SipResponse response)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return; // Completed absorbs retransmitted finals.
        }

        if (response.IsProvisional)
        {
            State = TransactionState.Proceeding;
        }
        else
        {
            State = TransactionState.Completed;
            _timerE.Stop();
            _timerF.Stop();
            _timerK.Start(Context.Timers.Linger(Destination.IsReliable));
        }

        Owner.OnResponse(this, response);
    }

    private protected override void Terminate()
    {
        _timerE.Stop();
        _timerF.Stop();
        _timerK.Stop();
        base.Terminate();
    }
}
