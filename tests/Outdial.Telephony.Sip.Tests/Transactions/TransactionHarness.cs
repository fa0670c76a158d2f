using System.Net;
using Microsoft.Extensions.Time.Testing;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Tests.Transactions;

/// <summary>A transaction layer over a recording transport and a fake clock.</summary>
internal sealed class TransactionHarness : IClientTransactionOwner, ITransactionUser
{
    public static readonly SipEndPoint Peer = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5099));
    public static readonly SipEndPoint TcpPeer = Peer with { Transport = SipTransportKind.Tcp };

    public TransactionHarness()
    {
        Layer = new TransactionLayer(Transport, Clock, TransactionTimers.Default, new Lock());
        Layer.Attach(this);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public RecordingTransport Transport { get; } = new();

    public TransactionLayer Layer { get; }

    public List<SipResponse> Responses { get; } = [];

    public int Timeouts { get; private set; }

    public List<ServerTransaction> Requests { get; } = [];

    public List<SipRequest> Acks { get; } = [];

    public TimeSpan T1 => Layer.Timers.T1;

    public ClientTransaction Start(string method, SipEndPoint? destination = null) =>
        Layer.Send(Request(method, Layer.NewVia(SipTransportKind.Udp)), destination ?? Peer, this);

    public static SipRequest Request(string method, SipVia via) => new()
    {
        Method = method,
        RequestUri = SipUri.Parse("sip:bob@127.0.0.1:5099")!,
        Vias = [via],
        MaxForwards = 70,
        From = new SipNameAddress(SipUri.Parse("sip:alice@127.0.0.1")!).WithTag("a1"),
        To = new SipNameAddress(SipUri.Parse("sip:bob@127.0.0.1")!),
        CallId = "call-1",
        CSeq = new SipCSeq(1, method),
    };

    public static SipResponse Response(SipRequest request, int status) => SipResponse.For(request, status, "Reason", status > 100 ? "b1" : null);

    /// <summary>Moves the clock in small steps so each re-armed timer fires at its own time.</summary>
    public void Advance(TimeSpan span)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step)
        {
            Clock.Advance(step);
        }
    }

    public void Receive(SipMessage message, SipEndPoint? source = null) => Layer.OnMessage(message, source ?? Peer);

    public void OnResponse(ClientTransaction transaction, SipResponse response) => Responses.Add(response);

    public void OnTimeout(ClientTransaction transaction) => Timeouts++;

    public void OnTransportError(ClientTransaction transaction)
    {
    }

    public void OnRequest(ServerTransaction transaction) => Requests.Add(transaction);

    public void OnAck(SipRequest ack, SipEndPoint source) => Acks.Add(ack);

    public void OnStrayResponse(SipResponse response, SipEndPoint source) => Responses.Add(response);
}

internal sealed class RecordingTransport : ISipTransport
{
    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 5070);

    public List<(SipMessage Message, SipEndPoint Destination)> Sent { get; } = [];

    public int Count(string startOfLine) => Sent.Count(sent => Describe(sent.Message).StartsWith(startOfLine, StringComparison.Ordinal));

    public void Send(SipMessage message, SipEndPoint destination) => Sent.Add((message, destination));

    private static string Describe(SipMessage message) => message switch
    {
        SipRequest request => request.Method,
        SipResponse response => response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };
}
