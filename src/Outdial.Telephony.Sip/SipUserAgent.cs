using System.Net;
using System.Threading.Channels;
using Outdial.Telephony.Sip.Calls;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip;

// The public surface of the SIP stack: what the host (the SIP telephony provider, the `outdial sip
// call` command) may use. Everything else stays internal to its layer. See docs/sip.md.

/// <summary>Where and how the user agent listens, and its RFC 3261 timer base values.</summary>
public sealed record SipUserAgentOptions
{
    /// <summary>Address to bind; port 0 picks a free one (read it back from <see cref="SipUserAgent.UdpEndPoint"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// The address written into Via and Contact, where the far end sends its requests in a dialog
    /// (BYE, re-INVITE); null for the bound one. Needed when <see cref="Listen"/> is a wildcard or
    /// behind NAT: a BYE sent to 0.0.0.0 never arrives.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>Also accept and open TCP connections (on the same port as UDP).</summary>
    public bool Tcp { get; init; } = true;

    /// <summary>RFC 3261 T1, the round-trip estimate (default 500 ms); tests shorten it.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 3261 T2, the longest retransmission interval for non-INVITE requests (default 4 s).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>RFC 3261 T4, how long a message may stay in the network (default 5 s).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The User-Agent header value.</summary>
    public string UserAgent { get; init; } = "Outdial";
}

/// <summary>A user name and password for digest authentication (RFC 8760: MD5 and SHA-256).</summary>
public sealed record SipCredentials(string User, string Password);

/// <summary>One outgoing call.</summary>
/// <param name="Target">Request-URI, e.g. <c>sip:+420777123456@127.0.0.1:5080</c>; <c>;transport=tcp</c> selects TCP.</param>
/// <param name="From">Our identity, e.g. <c>sip:+420222333444@127.0.0.1</c> (the caller ID is its user part).</param>
/// <param name="SdpOffer">The SDP offer of the INVITE; <c>null</c> sends an INVITE without SDP: the offer then arrives in
/// the 2xx (<see cref="SipCallAnswered.RemoteSdp"/>) and <see cref="SipCall.AcknowledgeAsync"/> must carry the answer.</param>
/// <param name="RingTimeout">With no final response by then the call is cancelled and fails as <see cref="SipOutcome.NoAnswer"/>.</param>
/// <param name="Credentials">Answers one 401/407 challenge per request; a second challenge fails as <see cref="SipOutcome.AuthFailed"/>.</param>
public sealed record SipCallRequest(string Target, string From, string? SdpOffer, TimeSpan RingTimeout, SipCredentials? Credentials = null);

/// <summary>How a call attempt ended up, in the telephony port's words (docs/sip.md "Outcome mapping").</summary>
public enum SipOutcome
{
    Answered,
    Busy,
    NoAnswer,
    Rejected,
    InvalidNumber,
    NetworkError,
    CodecMismatch,
    AuthFailed,
}

/// <summary>Progress of a <see cref="SipCall"/>, in order. The channel completes after a failure or the end.</summary>
public abstract record SipCallEvent;

/// <summary>A provisional response (180 or 183; 100 is not reported).</summary>
public sealed record SipCallRinging(int StatusCode, string? EarlySdp) : SipCallEvent;

/// <summary>A 2xx. For an INVITE without SDP, <paramref name="RemoteSdp"/> is the far end's offer.</summary>
public sealed record SipCallAnswered(int StatusCode, string? RemoteSdp) : SipCallEvent;

/// <summary>No call: a final error response (<paramref name="StatusCode"/>), a timeout or a transport error (status 0).</summary>
public sealed record SipCallFailed(SipOutcome Outcome, int StatusCode, string Reason) : SipCallEvent;

/// <summary>An answered call is over: a BYE from the far end (<paramref name="ByRemote"/>) or our own hang-up.</summary>
public sealed record SipCallEnded(bool ByRemote) : SipCallEvent;

/// <summary>A message that went out or came in, for <c>--verbose</c> and debug logs.</summary>
public sealed record SipTrace(bool Outgoing, string Transport, EndPoint Remote, string Message);

/// <summary>
/// Outdial's SIP user agent: one UDP socket and (optionally) a TCP listener on the same port, the
/// transaction layer, dialogs and calls. Incoming requests outside a dialog are answered
/// (OPTIONS 200, INVITE 480); malformed ones 400 or dropped.
/// </summary>
public sealed class SipUserAgent : IAsyncDisposable
{
    private readonly SipTransport _transport;
    private readonly UserAgentCore _core;

    private SipUserAgent(SipTransport transport, UserAgentCore core)
    {
        _transport = transport;
        _core = core;
    }

    /// <summary>Binds the sockets and starts receiving.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address or port cannot be bound.</exception>
    public static Task<SipUserAgent> StartAsync(SipUserAgentOptions options, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var transport = SipTransport.Bind(options.Listen, options.Tcp);
        var advertised = new IPEndPoint(options.AdvertisedAddress ?? transport.LocalEndPoint.Address, transport.LocalEndPoint.Port);
        var transactions = new TransactionLayer(transport, clock, new TransactionTimers(options.T1, options.T2, options.T4), new Lock(), advertised);
        var core = new UserAgentCore(transactions, clock, options.UserAgent, advertised);
        var agent = new SipUserAgent(transport, core);
        transport.Start(transactions);
        return Task.FromResult(agent);
    }

    /// <summary>The bound UDP address (TCP listens on the same port).</summary>
    public IPEndPoint UdpEndPoint => _transport.LocalEndPoint;

    /// <summary>Messages the parser refused, and exceptions the layers threw while handling one (tests expect none).</summary>
    internal (long Dropped, long Faults) ReceiveProblems => (_transport.DroppedMessages, _transport.Faults);

    /// <summary>Every message sent or received. Raised on the transport's threads; keep handlers short.</summary>
    public event Action<SipTrace>? Trace
    {
        // Forwarded so that with no subscriber the transport does not even decode messages to text.
        add => _transport.Trace += value;
        remove => _transport.Trace -= value;
    }

    /// <summary>Starts a call: sends the INVITE and reports progress on <see cref="SipCall.Events"/>.</summary>
    /// <exception cref="ArgumentException">The target or From is not a SIP URI.</exception>
    public SipCall Call(SipCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new SipCall(_core, _core.StartCall(request));
    }

    /// <summary>Registers <paramref name="addressOfRecord"/> at <paramref name="registrar"/> and refreshes before expiry until disposed.</summary>
    /// <exception cref="ArgumentException">The registrar or address of record is not a SIP URI.</exception>
    public SipRegistration Register(string registrar, string addressOfRecord, SipCredentials? credentials, TimeSpan expires) =>
        new(_core, _core.StartRegistration(registrar, addressOfRecord, credentials, expires));

    public async ValueTask DisposeAsync()
    {
        await _core.StopAsync();
        await _transport.DisposeAsync();
    }
}

/// <summary>One call (an INVITE dialog).</summary>
public sealed class SipCall
{
    private readonly UserAgentCore _core;
    private readonly OutboundCall _call;

    internal SipCall(UserAgentCore core, OutboundCall call)
    {
        _core = core;
        _call = call;
    }

    /// <summary>The Call-ID header value.</summary>
    public string CallId => _call.CallId;

    public ChannelReader<SipCallEvent> Events => _call.Events;

    /// <summary>
    /// Ends the call in whatever state it is: before any provisional response it waits for one (RFC
    /// 3261 §9.1) and then CANCELs; while ringing CANCEL; a 2xx that races the CANCEL is ACKed and
    /// then BYEd; an answered call gets a BYE. Idempotent. Completes when the call is over.
    /// </summary>
    public Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        Task over;
        lock (_core.Gate)
        {
            over = _call.HangUp();
        }

        return over.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a re-INVITE with <paramref name="sdpOffer"/> in the confirmed dialog and returns the far end's answer (the ACK is sent).</summary>
    /// <exception cref="InvalidOperationException">No confirmed dialog, or the far end refused (the message has the status).</exception>
    public Task<string?> ReinviteAsync(string sdpOffer, CancellationToken cancellationToken = default)
    {
        Task<string?> answer;
        lock (_core.Gate)
        {
            answer = _call.Reinvite(sdpOffer);
        }

        return answer.WaitAsync(cancellationToken);
    }

    /// <summary>For a call made without an SDP offer: sends the ACK of the 2xx carrying <paramref name="sdpAnswer"/>.</summary>
    /// <exception cref="InvalidOperationException">No 2xx is waiting for its ACK.</exception>
    public Task AcknowledgeAsync(string? sdpAnswer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_core.Gate)
        {
            _call.Acknowledge(sdpAnswer);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A registration kept alive by refreshing at 80 % of the granted expiry.</summary>
public sealed class SipRegistration : IAsyncDisposable
{
    private readonly UserAgentCore _core;
    private readonly Registration _registration;

    internal SipRegistration(UserAgentCore core, Registration registration)
    {
        _core = core;
        _registration = registration;
    }

    /// <summary>True after a 2xx to the latest REGISTER.</summary>
    public bool IsRegistered
    {
        get
        {
            lock (_core.Gate)
            {
                return _registration.IsRegistered;
            }
        }
    }

    /// <summary>The last failure in words (status and reason), or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_core.Gate)
            {
                return _registration.LastError;
            }
        }
    }

    /// <summary>Unregisters (Expires: 0) and stops refreshing.</summary>
    public async ValueTask DisposeAsync()
    {
        Task stopped;
        lock (_core.Gate)
        {
            stopped = _registration.Stop();
            _core.Forget(_registration);
        }

        try
        {
            await stopped.WaitAsync(_core.Transactions.Timers.TransactionTimeout, _core.Clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The registrar did not answer the removal; the binding lapses at its expiry anyway.
        }
    }
}
