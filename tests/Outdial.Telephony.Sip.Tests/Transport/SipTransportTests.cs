using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Tests.Messages;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Tests.Transport;

public sealed class SipTransportTests : IAsyncDisposable
{
    private readonly SipTransport _transport = SipTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0), tcp: true);
    private readonly Inbox _inbox = new();

    public SipTransportTests() => _transport.Start(_inbox);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task UDP_request_arrives_parsed_with_received_and_rport_stamped()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var text = SipParserTests.Invite.Replace("127.0.0.1:5070;branch=z9hG4bKabc;rport", "10.1.1.1:5070;branch=z9hG4bKabc;rport", StringComparison.Ordinal);

        await peer.SendAsync(Encoding.UTF8.GetBytes(text), _transport.LocalEndPoint);
        var (message, source) = await _inbox.Messages.Reader.ReadAsync(Timeout);

        Assert.Equal(SipTransportKind.Udp, source.Transport);
        Assert.Equal("127.0.0.1", message.TopVia.Received);
        Assert.Equal(((IPEndPoint)peer.Client.LocalEndPoint!).Port, message.TopVia.Rport);
    }

    [Fact]
    public async Task Malformed_request_with_a_readable_Via_is_answered_400_naming_the_fault()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        var text = SipParserTests.Invite.Replace("127.0.0.1:5070;branch", $"127.0.0.1:{port};branch", StringComparison.Ordinal)
            .Replace("Call-ID: c1@outdial\r\n", "", StringComparison.Ordinal);

        await peer.SendAsync(Encoding.UTF8.GetBytes(text), _transport.LocalEndPoint);
        var answer = await peer.ReceiveAsync(Timeout);

        var text400 = Encoding.UTF8.GetString(answer.Buffer);
        Assert.StartsWith("SIP/2.0 400 Missing Call-ID\r\n", text400, StringComparison.Ordinal);
        Assert.Contains("received=127.0.0.1", text400, StringComparison.Ordinal);
        Assert.Contains("CSeq: 1 INVITE", text400, StringComparison.Ordinal);
        Assert.Equal(1, _transport.DroppedMessages);
    }

    [Fact]
    public async Task TCP_message_written_in_pieces_arrives_whole_and_the_answer_uses_the_connection()
    {
        using var peer = new TcpClient();
        await peer.ConnectAsync(_transport.LocalEndPoint, Timeout);
        var bytes = Encoding.UTF8.GetBytes("\r\n\r\n" + SipParserTests.Invite);

        await peer.GetStream().WriteAsync(bytes.AsMemory(0, 100), Timeout);
        await Task.Delay(50, Timeout);
        await peer.GetStream().WriteAsync(bytes.AsMemory(100), Timeout);
        var (message, source) = await _inbox.Messages.Reader.ReadAsync(Timeout);
        _transport.Send(SipResponse.For((SipRequest)message, 486, "Busy Here", "t1"), source);
        var buffer = new byte[4096];
        var read = await peer.GetStream().ReadAsync(buffer, Timeout);

        Assert.Equal("v=0\n", message.BodyText);
        Assert.StartsWith("SIP/2.0 486 Busy Here", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _transport.DisposeAsync();

    private sealed class Inbox : ISipTransportUser
    {
        public Channel<(SipMessage, SipEndPoint)> Messages { get; } = Channel.CreateUnbounded<(SipMessage, SipEndPoint)>();

        public void OnMessage(SipMessage message, SipEndPoint source) => Messages.Writer.TryWrite((message, source));

        public void OnTransportError(SipEndPoint remote)
        {
        }
    }
}
