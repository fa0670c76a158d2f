using Outdial.Dialing;
using Outdial.Engine;
using Outdial.Telephony.Sip;

namespace Outdial.Telephony;

/// <summary>
/// One dialer call over SIP: the customer's leg through the trunks in order (a network error moves
/// to the next trunk), and once the engine connects an operator, the operator phone's leg joined to
/// it by third-party call control (RFC 3725; docs/sip.md):
/// <list type="number">
/// <item>the customer was INVITEd with Outdial's placeholder offer and answered;</item>
/// <item>the operator's phone is INVITEd without SDP and offers in its 200;</item>
/// <item>the customer is re-INVITEd with that offer and answers;</item>
/// <item>the operator's 200 is ACKed with the customer's answer: audio flows phone to phone.</item>
/// </list>
/// Either side hanging up ends both legs; the engine hears <see cref="CallEnded"/> once.
/// </summary>
internal sealed class SipBridge
{
    private readonly SipTelephony _telephony;
    private readonly ICampaignLine _campaign;
    private readonly Originate _request;
    private readonly (OperatorId Operator, Guid User)? _line;
    private readonly Action _over;
    private readonly SessionOffer _offer;
    private static readonly TimeSpan ReinviteLimit = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private SipCall? _customer;
    private SipCall? _operator;
    private bool _hangingUp;
    private bool _connecting;
    private volatile bool _answered;

    public SipBridge(SipTelephony telephony, ICampaignLine campaign, Originate request, (OperatorId, Guid)? line, Action over)
    {
        _telephony = telephony;
        _campaign = campaign;
        _request = request;
        _line = line;
        _over = over;
        _offer = new SessionOffer(telephony.MediaAddress, telephony.NextSessionId());
    }

    private bool HangingUp
    {
        get
        {
            lock (_lock)
            {
                return _hangingUp;
            }
        }
    }

    public void Start() => _ = Task.Run(RunAsync);

    /// <summary>Joins the answered customer to the operator's phone (in the background; progress reaches their desk).</summary>
    public void ConnectTo(OperatorId op, Guid user)
    {
        lock (_lock)
        {
            if (_connecting || _hangingUp)
            {
                return;
            }

            _connecting = true;
        }

        _ = Task.Run(() => BridgeAsync(op, user));
    }

    /// <summary>Ends both legs, whatever state they are in (CANCEL before an answer, BYE after). Idempotent; returns at once.</summary>
    public void HangUp()
    {
        SipCall? customer;
        SipCall? operatorLeg;
        lock (_lock)
        {
            if (_hangingUp)
            {
                return;
            }

            _hangingUp = true;
            (customer, operatorLeg) = (_customer, _operator);
        }

        _ = HangUpQuietlyAsync(customer);
        _ = HangUpQuietlyAsync(operatorLeg);
    }

    private async Task RunAsync()
    {
        try
        {
            var trunks = _telephony.Options.Trunks;
            for (var i = 0; i < trunks.Count; i++)
            {
                var call = _telephony.Agent.Call(CustomerRequest(trunks[i]));
                bool hangUpNow;
                lock (_lock)
                {
                    _customer = call;
                    hangUpNow = _hangingUp;
                }

                if (hangUpNow)
                {
                    _ = HangUpQuietlyAsync(call);
                }

                var failure = await FollowCustomerAsync(call);
                if (failure is null)
                {
                    return;
                }

                if (failure.Outcome == SipOutcome.NetworkError && i < trunks.Count - 1 && !HangingUp)
                {
                    SipLog.NextTrunk(_telephony.Logger, trunks[i].Address, failure.StatusCode, failure.Reason);
                    continue;
                }

                _campaign.Report(new CallFailed(_request.Call, ReasonOf(failure.Outcome)));
                return;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SipLog.CallFailed(_telephony.Logger, exception);
            HangUp();
            _campaign.Report(_answered ? new CallEnded(_request.Call) : new CallFailed(_request.Call, CallFailure.NetworkError));
        }
        finally
        {
            _over();
        }
    }

    /// <summary>Reports the customer's leg to the engine until it fails (returned) or ends (null).</summary>
    private async Task<SipCallFailed?> FollowCustomerAsync(SipCall call)
    {
        var ringing = false;
        await foreach (var progress in call.Events.ReadAllAsync())
        {
            switch (progress)
            {
                case SipCallRinging when !ringing:
                    ringing = true;
                    _campaign.Report(new CallRinging(_request.Call));
                    break;
                case SipCallAnswered:
                    _answered = true;
                    _campaign.Report(new CallAnswered(_request.Call, AnsweredBy.Live));
                    if (_line is { } line)
                    {
                        ConnectTo(line.Operator, line.User);
                    }

                    break;
                case SipCallFailed failed when !_answered:
                    return failed;
                case SipCallEnded or SipCallFailed:
                    HangUp();
                    _campaign.Report(new CallEnded(_request.Call));
                    return null;
            }
        }

        // The stack closed the leg without saying how: an answered call is over, an unanswered one failed.
        if (_answered)
        {
            HangUp();
            _campaign.Report(new CallEnded(_request.Call));
            return null;
        }

        return new SipCallFailed(SipOutcome.NetworkError, 0, "The call ended without a final response.");
    }

    private async Task BridgeAsync(OperatorId op, Guid user)
    {
        try
        {
            var address = await _telephony.Phones.AddressOfAsync(user);
            if (address is null)
            {
                SipLog.NoOperatorPhone(_telephony.Logger, user);
                _campaign.ReportOperatorPhone(op, OperatorPhoneState.Failed, "your profile has no phone address");
                HangUp();
                return;
            }

            var leg = _telephony.Agent.Call(new SipCallRequest(
                address,
                $"sip:{_request.To.E164}@{_telephony.MediaAddress}",
                SdpOffer: null,
                TimeSpan.FromSeconds(_telephony.Options.OperatorRingSeconds)));
            bool hangUpNow;
            lock (_lock)
            {
                _operator = leg;
                hangUpNow = _hangingUp;
            }

            if (hangUpNow)
            {
                await HangUpQuietlyAsync(leg);
                return;
            }

            await FollowOperatorAsync(op, user, leg);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (!HangingUp)
            {
                SipLog.BridgeFailed(_telephony.Logger, user, exception);
                _campaign.ReportOperatorPhone(op, OperatorPhoneState.Failed, "the call could not be joined to your phone");
            }

            HangUp();
        }
    }

    private async Task FollowOperatorAsync(OperatorId op, Guid user, SipCall leg)
    {
        await foreach (var progress in leg.Events.ReadAllAsync())
        {
            switch (progress)
            {
                case SipCallRinging:
                    _campaign.ReportOperatorPhone(op, OperatorPhoneState.Ringing);
                    break;
                case SipCallAnswered { RemoteSdp: { } phoneOffer }:
                    SipCall customer;
                    lock (_lock)
                    {
                        customer = _customer!;
                    }

                    // Well inside the operator phone's 32 s wait for its ACK (RFC 3261 Timer H).
                    var customerAnswer = await customer.ReinviteAsync(_offer.Forward(phoneOffer)).WaitAsync(ReinviteLimit);
                    await leg.AcknowledgeAsync(customerAnswer);
                    _campaign.ReportOperatorPhone(op, OperatorPhoneState.Answered);
                    break;
                case SipCallAnswered:
                    throw new InvalidOperationException("The operator's phone answered without an SDP offer.");
                case SipCallFailed when HangingUp:
                    // Our own CANCEL (the customer hung up first): the phone did nothing wrong.
                    return;
                case SipCallFailed failed:
                    SipLog.OperatorPhoneFailed(_telephony.Logger, user, $"{failed.StatusCode} {failed.Reason}");
                    _campaign.ReportOperatorPhone(op, OperatorPhoneState.Failed, $"{failed.StatusCode} {failed.Reason}".Trim());
                    HangUp();
                    return;
                case SipCallEnded:
                    // The operator hung up: the customer's leg ends too, and reports the end.
                    HangUp();
                    return;
            }
        }
    }

    private SipCallRequest CustomerRequest(SipTrunkOptions trunk)
    {
        var number = SipTrunkOptions.Format(trunk.NumberFormat, _request.To.E164);
        var transport = trunk.UsesTcp ? ";transport=tcp" : "";
        var from = _request.CallerId is { } callerId
            ? $"sip:{SipTrunkOptions.Format(trunk.CallerIdFormat, callerId.E164)}@{trunk.HostPort}"
            : "sip:anonymous@anonymous.invalid";
        var credentials = trunk.User is { Length: > 0 } user ? new SipCredentials(user, trunk.Password ?? "") : null;
        return new SipCallRequest($"sip:{number}@{trunk.HostPort}{transport}", from, _offer.Placeholder(), _request.RingTimeout.Duration, credentials);
    }

    /// <summary>The telephony port's reason for a SIP outcome (docs/sip.md "Outcome mapping").</summary>
    internal static CallFailure ReasonOf(SipOutcome outcome) => outcome switch
    {
        SipOutcome.Busy => CallFailure.Busy,
        SipOutcome.NoAnswer => CallFailure.NoAnswer,
        SipOutcome.Rejected => CallFailure.Rejected,
        SipOutcome.InvalidNumber => CallFailure.InvalidNumber,
        _ => CallFailure.NetworkError,
    };

    private async Task HangUpQuietlyAsync(SipCall? call)
    {
        if (call is null)
        {
            return;
        }

        try
        {
            await call.HangUpAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SipLog.CallFailed(_telephony.Logger, exception);
        }
    }
}
