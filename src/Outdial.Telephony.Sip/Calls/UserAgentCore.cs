using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Calls;

/// <summary>
/// The transaction user: starts calls and registrations, routes requests inside a dialog to their
/// call, and answers requests outside any dialog (OPTIONS 200, INVITE 480, others 405; §8.2).
/// </summary>
internal sealed class UserAgentCore : ITransactionUser
{
    private const string Allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    private readonly Dictionary<string, OutboundCall> _calls = new(StringComparer.Ordinal);
    private readonly List<Registration> _registrations = [];
    private readonly string _userAgent;

    public UserAgentCore(TransactionLayer transactions, TimeProvider clock, string userAgent, System.Net.IPEndPoint local)
    {
        Transactions = transactions;
        Clock = clock;
        _userAgent = userAgent;
        var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        UdpContact = new SipNameAddress(new SipUri("outdial", host, local.Port));
        TcpContact = new SipNameAddress(UdpContact.Uri.WithParameter("transport", "tcp"));
        transactions.Attach(this);
    }

    public TransactionLayer Transactions { get; }

    public TimeProvider Clock { get; }

    public Lock Gate => Transactions.Gate;

    public int ActiveCalls => _calls.Count;

    private SipNameAddress UdpContact { get; }

    private SipNameAddress TcpContact { get; }

    public SipNameAddress Contact(SipTransportKind transport) => transport == SipTransportKind.Tcp ? TcpContact : UdpContact;

    public void AddCommonHeaders(SipMessage message) => message.Headers.Add(new SipHeader(SipHeaderNames.UserAgent, _userAgent));

    public OutboundCall StartCall(SipCallRequest request)
    {
        if (!SipUri.TryParse(request.Target, out var target))
        {
            throw new ArgumentException($"Not a SIP URI: '{request.Target}'.", nameof(request));
        }

        if (!SipNameAddress.TryParse(request.From, out var caller))
        {
            throw new ArgumentException($"Not a SIP address: '{request.From}'.", nameof(request));
        }

        var resolved = SipEndPoint.TryResolve(target, out var destination);
        lock (Gate)
        {
            var call = new OutboundCall(this, request, target, caller with { Parameters = [] }, destination);
            if (!resolved)
            {
                call.FailBeforeStart($"Cannot resolve {target.Host}");
                return call;
            }

            _calls[call.CallId] = call;
            call.Start();
            return call;
        }
    }

    public Registration StartRegistration(string registrar, string addressOfRecord, SipCredentials? credentials, TimeSpan expires)
    {
        if (!SipUri.TryParse(registrar, out var registrarUri) || !SipEndPoint.TryResolve(registrarUri, out var destination))
        {
            throw new ArgumentException($"Not a reachable SIP URI: '{registrar}'.", nameof(registrar));
        }

        if (!SipNameAddress.TryParse(addressOfRecord, out var aor))
        {
            throw new ArgumentException($"Not a SIP address: '{addressOfRecord}'.", nameof(addressOfRecord));
        }

        lock (Gate)
        {
            var registration = new Registration(this, registrarUri.WithoutParameters(), aor with { Parameters = [] }, destination, credentials, expires);
            _registrations.Add(registration);
            registration.Start();
            return registration;
        }
    }

    public void Forget(OutboundCall call) => _calls.Remove(call.CallId);

    public void Forget(Registration registration) => _registrations.Remove(registration);

    public void OnRequest(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.To.Tag is not null)
        {
            if (_calls.TryGetValue(request.CallId, out var call) && call.Dialog is { } dialog && dialog.Matches(request))
            {
                call.OnRequest(transaction);
            }
            else
            {
                transaction.Respond(SipResponse.For(request, 481, "Call/Transaction Does Not Exist"));
            }

            return;
        }

        switch (request.Method)
        {
            case SipMethods.Options:
                transaction.Respond(OptionsAnswer(request));
                break;
            case SipMethods.Invite:
                // Outdial only places calls; an incoming one is declined as "not available here" (§21.4.18).
                transaction.Respond(SipResponse.For(request, 480, "Temporarily Unavailable", SipIds.NewTag()));
                break;
            default:
                var refused = SipResponse.For(request, 405, "Method Not Allowed", SipIds.NewTag());
                refused.Headers.Add(new SipHeader(SipHeaderNames.Allow, Allowed));
                transaction.Respond(refused);
                break;
        }
    }

    public SipResponse OptionsAnswer(SipRequest request)
    {
        var answer = SipResponse.For(request, 200, "OK", SipIds.NewTag());
        answer.Headers.Add(new SipHeader(SipHeaderNames.Allow, Allowed));
        answer.Headers.Add(new SipHeader("Accept", SdpSession.ContentType));
        AddCommonHeaders(answer);
        return answer;
    }

    public void OnAck(SipRequest ack, SipEndPoint source)
    {
        // We send no 2xx to INVITEs, so an ACK outside a transaction needs nothing (§17.2.3).
    }

    public void OnStrayResponse(SipResponse response, SipEndPoint source)
    {
        // A 2xx retransmitted after Timer M: the dialog ACKs it again; anything else is dropped (§17.1.1.2).
        if (response.IsSuccess && response.CSeq.Method == SipMethods.Invite && _calls.TryGetValue(response.CallId, out var call))
        {
            call.OnStrayAnswer(response);
        }
    }

    /// <summary>
    /// Hangs up every call (CANCEL or BYE, so nobody is left on dead air or ringing) and ends every
    /// registration, waits up to 2 s for the far ends, then drops whatever is left.
    /// </summary>
    public async Task StopAsync()
    {
        List<Task> ending;
        lock (Gate)
        {
            ending = [.. _calls.Values.ToList().Select(call => call.HangUp())];
            ending.AddRange(_registrations.Select(registration => registration.Stop()));
            _registrations.Clear();
        }

        await Task.WhenAny(Task.WhenAll(ending), Task.Delay(TimeSpan.FromSeconds(2), Clock));
        lock (Gate)
        {
            foreach (var call in _calls.Values.ToList())
            {
                call.Abort();
            }
        }
    }
}
