using System.Threading.Channels;
using Outdial.Telephony.Sip.Dialogs;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Calls;

/// <summary>
/// One outgoing INVITE and the dialog it makes: provisional responses, the 2xx and its ACK, CANCEL
/// (only after a provisional response, §9.1), the 200-after-CANCEL race (ACK, then BYE), digest
/// challenges, the ring timeout, BYE both ways and re-INVITE. Runs under the user agent's gate.
/// </summary>
internal sealed class OutboundCall : IClientTransactionOwner
{
    private enum Phase
    {
        Inviting,
        Answered,
        Ending,
        Over,
    }

    private readonly UserAgentCore _core;
    private readonly SipCallRequest _request;
    private readonly SipEndPoint _destination;
    private readonly ChallengeResponder _challenges;
    private readonly Channel<SipCallEvent> _events = Channel.CreateUnbounded<SipCallEvent>();
    private readonly TaskCompletionSource _over = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _ringTimer;
    private ITimer? _cancelTimer;
    private Phase _phase = Phase.Inviting;
    private SipRequest _invite;
    private ClientTransaction _inviteTransaction;
    private bool _provisional;
    private string? _cancelReason;
    private bool _cancelSent;
    private SipDialog? _dialog;
    private SipRequest? _ack;
    private bool _awaitingAcknowledge;
    private SipRequest? _byeRequest;
    private ClientTransaction? _bye;
    private ClientTransaction? _reinvite;
    private SipRequest? _reinviteAck;
    private TaskCompletionSource<string?>? _reinviteResult;

    public OutboundCall(UserAgentCore core, SipCallRequest request, SipUri target, SipNameAddress from, SipEndPoint destination)
    {
        _core = core;
        _request = request;
        _destination = destination;
        _challenges = new ChallengeResponder(request.Credentials);
        CallId = SipIds.NewCallId();
        _invite = new SipRequest
        {
            Method = SipMethods.Invite,
            RequestUri = target,
            Vias = [core.Transactions.NewVia(destination.Transport)],
            MaxForwards = 70,
            From = from.WithTag(SipIds.NewTag()),
            To = new SipNameAddress(target.WithoutParameters()),
            CallId = CallId,
            CSeq = new SipCSeq(1, SipMethods.Invite),
            Contacts = [core.Contact(destination.Transport)],
        };
        core.AddCommonHeaders(_invite);
        _invite.SetBody(SdpSession.ContentType, request.SdpOffer);
        _ringTimer = core.Clock.CreateTimer(_ => OnRingTimeout(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _inviteTransaction = null!;
    }

    public string CallId { get; }

    public ChannelReader<SipCallEvent> Events => _events.Reader;

    public SipDialog? Dialog => _dialog;

    public Task Over => _over.Task;

    /// <summary>Sends the INVITE and arms the ring timeout.</summary>
    public void Start()
    {
        _inviteTransaction = _core.Transactions.Send(_invite, _destination, this);
        _ringTimer.Change(_request.RingTimeout, Timeout.InfiniteTimeSpan);
    }

    public void OnResponse(ClientTransaction transaction, SipResponse response)
    {
        if (transaction == _inviteTransaction)
        {
            OnInviteResponse(response);
        }
        else if (transaction == _bye && !response.IsProvisional)
        {
            // Some carriers challenge requests inside a call too: answer once per challenge, or the
            // customer's line stays up (and billed) while we believe it ended.
            if (response.StatusCode is 401 or 407 && _challenges.Answer(response, SipMethods.Bye, _byeRequest!.RequestUri) is { } authorization)
            {
                SendBye(authorization);
            }
            else
            {
                Finish();
            }
        }
        else if (transaction == _reinvite)
        {
            OnReinviteResponse(response);
        }
    }

    private void OnInviteResponse(SipResponse response)
    {
        if (response.IsProvisional)
        {
            OnProvisional(response);
        }
        else if (response.IsSuccess)
        {
            OnAnswer(response);
        }
        else if (_phase == Phase.Inviting)
        {
            OnRefused(response);
        }
    }

    private void OnProvisional(SipResponse response)
    {
        if (_phase != Phase.Inviting)
        {
            return;
        }

        _provisional = true;
        if (response.StatusCode != 100)
        {
            _events.Writer.TryWrite(new SipCallRinging(response.StatusCode, response.Body.Length > 0 ? response.BodyText : null));
        }

        if (_cancelReason is not null)
        {
            SendCancel();
        }
    }

    private void OnAnswer(SipResponse response)
    {
        if (_dialog is not null)
        {
            // A retransmitted 2xx: its ACK again (§13.2.2.4); a 2xx from another fork is ACKed and released.
            if (response.To.Tag == _dialog.RemoteTag)
            {
                if (_ack is not null)
                {
                    _core.Transactions.SendStateless(_ack, _dialog.Destination);
                }
            }
            else
            {
                ReleaseFork(response);
            }

            return;
        }

        _ringTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _cancelTimer?.Dispose();
        _dialog = SipDialog.FromAnswer(_invite, response, _destination);
        if (_cancelReason is not null || _phase != Phase.Inviting)
        {
            // The race (§9.1): the 200 crossed our CANCEL. The call exists now; ACK it and hang up.
            SendAck(null);
            _events.Writer.TryWrite(new SipCallFailed(SipOutcome.NoAnswer, response.StatusCode, "Answered after CANCEL; ended with BYE"));
            SendBye();
            return;
        }

        _phase = Phase.Answered;
        var remoteSdp = response.Body.Length > 0 ? response.BodyText : null;
        if (_request.SdpOffer is not null)
        {
            SendAck(null);
        }
        else
        {
            _awaitingAcknowledge = true; // the 2xx carried the offer; the answer goes in the ACK
        }

        _events.Writer.TryWrite(new SipCallAnswered(response.StatusCode, remoteSdp));
    }

    /// <summary>A 2xx that no transaction matched any more: ACK it again (the re-INVITE's with its own ACK).</summary>
    public void OnStrayAnswer(SipResponse response)
    {
        if (_reinviteAck is not null && response.CSeq.Number == _reinviteAck.CSeq.Number)
        {
            _core.Transactions.SendStateless(_reinviteAck, _dialog!.Destination);
        }
        else if (_dialog is not null)
        {
            OnAnswer(response);
        }
    }

    private void ReleaseFork(SipResponse response)
    {
        var fork = SipDialog.FromAnswer(_invite, response, _destination);
        _core.Transactions.SendStateless(fork.Ack(_invite.CSeq.Number, _core.Transactions.NewVia(fork.Destination.Transport), null), fork.Destination);
        var bye = fork.NewRequest(SipMethods.Bye, _core.Transactions.NewVia(fork.Destination.Transport));
        _core.AddCommonHeaders(bye);
        _core.Transactions.Send(bye, fork.Destination, this);
    }

    private void OnRefused(SipResponse response)
    {
        if (response.StatusCode is 401 or 407 && _cancelReason is null
            && _challenges.Answer(response, SipMethods.Invite, _invite.RequestUri) is { } authorization)
        {
            _invite = Reissue(_invite, authorization);
            _provisional = false;
            _inviteTransaction = _core.Transactions.Send(_invite, _destination, this);
            return;
        }

        var outcome = _cancelReason is not null ? SipOutcome.NoAnswer : SipOutcomes.ForStatus(response.StatusCode);
        var reason = outcome switch
        {
            SipOutcome.AuthFailed => $"{response.StatusCode} {response.Reason}: authentication failed",
            SipOutcome.CodecMismatch => $"{response.StatusCode} {response.Reason}: codec mismatch",
            _ when _cancelReason is not null => $"{response.StatusCode} {response.Reason}: {_cancelReason}",
            _ => $"{response.StatusCode} {response.Reason}",
        };
        Fail(outcome, response.StatusCode, reason);
    }

    /// <summary>The INVITE again with credentials: same Call-ID and From tag, next CSeq, new branch (§22.2).</summary>
    private SipRequest Reissue(SipRequest previous, SipHeader authorization)
    {
        var next = new SipRequest
        {
            Method = previous.Method,
            RequestUri = previous.RequestUri,
            Vias = [_core.Transactions.NewVia(_destination.Transport)],
            MaxForwards = 70,
            From = previous.From,
            To = previous.To,
            CallId = previous.CallId,
            CSeq = new SipCSeq(previous.CSeq.Number + 1, previous.Method),
            Contacts = previous.Contacts,
            Body = previous.Body,
        };
        next.Headers.AddRange(previous.Headers.Where(header => header.Name is not (SipHeaderNames.Authorization or SipHeaderNames.ProxyAuthorization)));
        next.Headers.Add(authorization);
        return next;
    }

    public void OnTimeout(ClientTransaction transaction)
    {
        if (transaction == _inviteTransaction && _phase == Phase.Inviting)
        {
            Fail(SipOutcome.NetworkError, 0, "No response to the INVITE (Timer B)");
        }
        else if (transaction == _bye)
        {
            Finish();
        }
        else if (transaction == _reinvite)
        {
            _reinviteResult?.TrySetException(new TimeoutException("No response to the re-INVITE"));
        }
    }

    public void OnTransportError(ClientTransaction transaction)
    {
        if (transaction == _inviteTransaction && _phase == Phase.Inviting)
        {
            Fail(SipOutcome.NetworkError, 0, "Transport error");
        }
        else if (transaction == _bye)
        {
            Finish();
        }
        else if (transaction == _reinvite)
        {
            _reinviteResult?.TrySetException(new IOException("Transport error on the re-INVITE"));
        }
    }

    private void OnRingTimeout()
    {
        lock (_core.Gate)
        {
            if (_phase == Phase.Inviting && _cancelReason is null)
            {
                RequestCancel("ring timeout");
            }
        }
    }

    private void RequestCancel(string reason)
    {
        _cancelReason = reason;
        if (_provisional)
        {
            SendCancel();
        }
    }

    /// <summary>CANCEL: the INVITE's Request-URI, Call-ID, From, To, CSeq number, Route and top Via (§9.1).</summary>
    private void SendCancel()
    {
        if (_cancelSent)
        {
            return;
        }

        _cancelSent = true;
        var cancel = new SipRequest
        {
            Method = SipMethods.Cancel,
            RequestUri = _invite.RequestUri,
            Vias = [_invite.TopVia],
            MaxForwards = 70,
            From = _invite.From,
            To = _invite.To,
            CallId = _invite.CallId,
            CSeq = new SipCSeq(_invite.CSeq.Number, SipMethods.Cancel),
        };
        cancel.Headers.AddRange(_invite.Headers.Where(header => header.Name == SipHeaderNames.Route));
        _core.Transactions.Send(cancel, _destination, this);

        // §9.1: with no final response 64·T1 after the CANCEL, the INVITE is given up.
        _cancelTimer = _core.Clock.CreateTimer(_ =>
        {
            lock (_core.Gate)
            {
                if (_phase == Phase.Inviting)
                {
                    Fail(SipOutcome.NoAnswer, 0, $"No final response after CANCEL ({_cancelReason})");
                }
            }
        }, null, _core.Transactions.Timers.TransactionTimeout, Timeout.InfiniteTimeSpan);
    }

    private void SendAck(string? sdp)
    {
        _ack = _dialog!.Ack(_invite.CSeq.Number, _core.Transactions.NewVia(_dialog.Destination.Transport), sdp);
        _awaitingAcknowledge = false;
        _core.Transactions.SendStateless(_ack, _dialog.Destination);
    }

    private void SendBye(SipHeader? authorization = null)
    {
        _phase = Phase.Ending;
        var bye = _dialog!.NewRequest(SipMethods.Bye, _core.Transactions.NewVia(_dialog.Destination.Transport));
        _core.AddCommonHeaders(bye);
        if (authorization is { } header)
        {
            bye.Headers.Add(header);
        }

        _byeRequest = bye;
        _bye = _core.Transactions.Send(bye, _dialog.Destination, this);
    }

    public Task HangUp()
    {
        switch (_phase)
        {
            case Phase.Inviting when _cancelReason is null:
                RequestCancel("hung up");
                break;
            case Phase.Answered:
                if (_awaitingAcknowledge)
                {
                    SendAck(null);
                }

                SendBye();
                break;
        }

        return _over.Task;
    }

    public void Acknowledge(string? sdpAnswer)
    {
        if (_phase != Phase.Answered || !_awaitingAcknowledge)
        {
            throw new InvalidOperationException("The call has no 2xx waiting for its ACK (it was made with an SDP offer, or already acknowledged).");
        }

        SendAck(sdpAnswer);
    }

    public Task<string?> Reinvite(string sdpOffer)
    {
        if (_phase != Phase.Answered || _awaitingAcknowledge || _dialog is null)
        {
            throw new InvalidOperationException("A re-INVITE needs a confirmed dialog.");
        }

        if (_reinviteResult is { Task.IsCompleted: false })
        {
            throw new InvalidOperationException("A re-INVITE is already in progress.");
        }

        var reinvite = _dialog.NewRequest(SipMethods.Invite, _core.Transactions.NewVia(_dialog.Destination.Transport));
        reinvite.Contacts.Add(_core.Contact(_dialog.Destination.Transport));
        _core.AddCommonHeaders(reinvite);
        reinvite.SetBody(SdpSession.ContentType, sdpOffer);
        _reinviteAck = null;
        _reinviteResult = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reinvite = _core.Transactions.Send(reinvite, _dialog.Destination, this);
        return _reinviteResult.Task;
    }

    private void OnReinviteResponse(SipResponse response)
    {
        if (response.IsProvisional)
        {
            return;
        }

        if (!response.IsSuccess)
        {
            _reinviteResult?.TrySetException(new InvalidOperationException($"re-INVITE refused: {response.StatusCode} {response.Reason}"));
            return;
        }

        _reinviteAck ??= _dialog!.Ack(_reinvite!.Request.CSeq.Number, _core.Transactions.NewVia(_dialog.Destination.Transport), null);
        _core.Transactions.SendStateless(_reinviteAck, _dialog!.Destination);
        _reinviteResult?.TrySetResult(response.Body.Length > 0 ? response.BodyText : null);
    }

    /// <summary>A request from the far end inside this dialog.</summary>
    public void OnRequest(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!_dialog!.AcceptRemoteCSeq(request.CSeq.Number))
        {
            transaction.Respond(SipResponse.For(request, 500, "Server Internal Error (CSeq out of order)"));
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                transaction.Respond(SipResponse.For(request, 200, "OK"));
                if (_phase == Phase.Answered)
                {
                    _events.Writer.TryWrite(new SipCallEnded(ByRemote: true));
                    Complete();
                }

                break;
            case SipMethods.Options:
                transaction.Respond(_core.OptionsAnswer(request));
                break;
            case SipMethods.Invite:
                // Re-INVITEs from the far end (hold, session refresh) are not supported yet: the session stays as it is.
                transaction.Respond(SipResponse.For(request, 488, "Not Acceptable Here"));
                break;
            default:
                transaction.Respond(SipResponse.For(request, 501, "Not Implemented"));
                break;
        }
    }

    private void Fail(SipOutcome outcome, int status, string reason)
    {
        _events.Writer.TryWrite(new SipCallFailed(outcome, status, reason));
        Complete();
    }

    /// <summary>Our BYE got its answer (or timed out): the call is over.</summary>
    private void Finish()
    {
        if (_phase == Phase.Over)
        {
            return;
        }

        if (_cancelReason is null)
        {
            _events.Writer.TryWrite(new SipCallEnded(ByRemote: false));
        }

        Complete();
    }

    private void Complete()
    {
        _phase = Phase.Over;
        _inviteTransaction?.Abandon();
        _reinvite?.Abandon();
        _ringTimer.Dispose();
        _cancelTimer?.Dispose();
        _events.Writer.TryComplete();
        _reinviteResult?.TrySetException(new InvalidOperationException("The call ended."));
        _core.Forget(this);
        _over.TrySetResult();
    }

    /// <summary>The call cannot even be sent (the target does not resolve).</summary>
    public void FailBeforeStart(string reason) => Fail(SipOutcome.NetworkError, 0, reason);

    /// <summary>The user agent stops: the call ends without further signalling.</summary>
    public void Abort()
    {
        if (_phase == Phase.Over)
        {
            return;
        }

        _events.Writer.TryWrite(_phase is Phase.Answered or Phase.Ending
            ? new SipCallEnded(ByRemote: false)
            : new SipCallFailed(SipOutcome.NetworkError, 0, "User agent stopped"));
        Complete();
    }
}
