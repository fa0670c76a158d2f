using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Transactions;

/// <summary>A server transaction (§17.2): answers a request and absorbs its retransmissions.</summary>
internal abstract class ServerTransaction
{
    private protected ServerTransaction(TransactionContext context, SipRequest request, SipEndPoint source)
    {
        Context = context;
        Request = request;
        Source = source;
        ResponseDestination = SipEndPoint.ForResponse(request.TopVia, source);
    }

    private protected TransactionContext Context { get; }

    public SipRequest Request { get; }

    public SipEndPoint Source { get; }

    public SipEndPoint ResponseDestination { get; }

    public TransactionState State { get; private protected set; }

    private protected SipResponse? LastResponse { get; set; }

    public string Key => TransactionKeys.Server(Request);

    /// <summary>Sends a response; the transaction moves on by its class (1xx, 2xx, 3xx–6xx).</summary>
    public abstract void Respond(SipResponse response);

    /// <summary>The same request again: answer with the last response or absorb.</summary>
    public abstract void OnRetransmission();

    private protected void Send(SipResponse response)
    {
        LastResponse = response;
        Context.Transport.Send(response, ResponseDestination);
    }

    private protected virtual void Terminate()
    {
        State = TransactionState.Terminated;
        Context.Remove(this);
    }
}

/// <summary>INVITE server transaction (§17.2.1 with RFC 6026's Accepted state).</summary>
internal sealed class InviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerG;
    private readonly TransactionTimer _timerH;
    private readonly TransactionTimer _timerI;
    private readonly TransactionTimer _timerL;
    private TimeSpan _interval;

    public InviteServerTransaction(TransactionContext context, SipRequest request, SipEndPoint source)
        : base(context, request, source)
    {
        _timerG = context.Timer(Retransmit);
        _timerH = context.Timer(Terminate);
        _timerI = context.Timer(Terminate);
        _timerL = context.Timer(Terminate);
        State = TransactionState.Proceeding;
    }

    /// <summary>100 Trying at once (§17.2.1), so the client stops retransmitting.</summary>
    public void SendTrying() => Send(SipResponse.For(Request, 100, "Trying"));

    public override void Respond(SipResponse response)
    {
        switch (State)
        {
            case TransactionState.Proceeding when response.IsProvisional:
                Send(response);
                break;
            case TransactionState.Proceeding when response.IsSuccess:
                Send(response);
                State = TransactionState.Accepted;
                _timerL.Start(Context.Timers.TransactionTimeout);
                break;
            case TransactionState.Accepted when response.IsSuccess:
                Send(response); // the TU's retransmission of its 2xx (§13.3.1.4)
                break;
            case TransactionState.Proceeding:
                Send(response);
                State = TransactionState.Completed;
                _interval = Context.Timers.T1;
                if (!Source.IsReliable)
                {
                    _timerG.Start(_interval);
                }

                _timerH.Start(Context.Timers.TransactionTimeout);
                break;
        }
    }

    private void Retransmit()
    {
        if (State != TransactionState.Completed)
        {
            return;
        }

        Send(LastResponse!);
        _interval = TransactionTimers.Double(_interval, Context.Timers.T2);
        _timerG.Start(_interval);
    }

    public override void OnRetransmission()
    {
        if (State is TransactionState.Proceeding or TransactionState.Completed && LastResponse is not null)
        {
            Send(LastResponse);
        }
    }

    /// <summary>An ACK with this transaction's branch. True when it belongs to a 2xx and goes to the TU.</summary>
    public bool OnAck()
    {
        if (State == TransactionState.Completed)
        {
            State = TransactionState.Confirmed;
            _timerG.Stop();
            _timerH.Stop();
            _timerI.Start(Context.Timers.Linger(Source.IsReliable));
            return false;
        }

        return State == TransactionState.Accepted;
    }

    private protected override void Terminate()
    {
        _timerG.Stop();
        _timerH.Stop();
        _timerI.Stop();
        _timerL.Stop();
        base.Terminate();
    }
}

/// <summary>Non-INVITE server transaction (§17.2.2).</summary>
internal sealed class NonInviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerJ;

    public NonInviteServerTransaction(TransactionContext context, SipRequest request, SipEndPoint source)
        : base(context, request, source)
    {
        _timerJ = context.Timer(Terminate);
        State = TransactionState.Trying;
    }

    public override void Respond(SipResponse response)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return;
        }

        Send(response);
        if (response.IsProvisional)
        {
            State = TransactionState.Proceeding;
            return;
        }

        State = TransactionState.Completed;
        var linger = Source.IsReliable ? TimeSpan.Zero : Context.Timers.TransactionTimeout;
        _timerJ.Start(linger);
    }

    public override void OnRetransmission()
    {
        if (State is TransactionState.Proceeding or TransactionState.Completed && LastResponse is not null)
        {
            Send(LastResponse);
        }
    }

    private protected override void Terminate()
    {
        _timerJ.Stop();
        base.Terminate();
    }
}
