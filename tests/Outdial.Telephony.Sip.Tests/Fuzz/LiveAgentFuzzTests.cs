using Outdial.Testing.Sip;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using Outdial.Telephony.Sip.Tests.Calls;
using Outdial.Telephony.Sip.Tests.Messages;
using static Outdial.Telephony.Sip.Tests.SippScenarios;

namespace Outdial.Telephony.Sip.Tests.Fuzz;

/// <summary>Mutated and malformed datagrams sent to a running user agent over UDP.</summary>
public class LiveAgentFuzzTests
{
    private static CancellationToken Soon => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task After_hundreds_of_mutated_datagrams_the_agent_still_completes_a_call()
    {
        await using var agent = await CallKit.StartAgentAsync();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var sent = 0;
        foreach (var datagram in ParserFuzzTests.Mutated.Where(bytes => bytes.Length < 65_000).Array[400].Single())
        {
            await peer.SendAsync(datagram, agent.UdpEndPoint);
            sent++;
        }

        await using var sipp = await SippPeer.StartAsync(AnswerThenLocalBye(ringMilliseconds: 100));
        var call = agent.Call(CallKit.Request(sipp.Uri()));
        Assert.IsType<SipCallRinging>(await call.NextAsync());
        Assert.IsType<SipCallAnswered>(await call.NextAsync());
        await call.HangUpAsync();

        Assert.Equal(400, sent);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(0, agent.ReceiveProblems.Faults);
        Assert.InRange(agent.ReceiveProblems.Dropped, 1, 400);
    }

    public static TheoryData<string, string> MalformedRequests => new()
    {
        { "Missing Call-ID", SipParserTests.Invite.Replace("Call-ID: c1@outdial\r\n", "", StringComparison.Ordinal) },
        { "Missing CSeq", SipParserTests.Invite.Replace("CSeq: 1 INVITE\r\n", "", StringComparison.Ordinal) },
        { "Missing From", SipParserTests.Invite.Replace("From: \"Outdial\" <sip:+420222333444@127.0.0.1>;tag=f1\r\n", "", StringComparison.Ordinal) },
        { "Malformed CSeq", SipParserTests.Invite.Replace("CSeq: 1 INVITE", "CSeq: 1", StringComparison.Ordinal) },
        { "Malformed To", SipParserTests.Invite.Replace("To: <sip:", "To: <sop:", StringComparison.Ordinal) },
        { "Malformed Request-URI", SipParserTests.Invite.Replace("INVITE sip:+420777123456@127.0.0.1:5080", "INVITE sip:+420777123456@", StringComparison.Ordinal) },
        { "Folded header line", SipParserTests.Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n", StringComparison.Ordinal) },
        { "Body shorter than Content-Length", SipParserTests.Invite.Replace("Content-Length: 4", "Content-Length: 400", StringComparison.Ordinal) },
        { "CSeq method does not match the request", SipParserTests.Invite.Replace("CSeq: 1 INVITE", "CSeq: 1 OPTIONS", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_request_with_a_readable_Via_gets_400_naming_the_fault(string fault, string request)
    {
        await using var agent = await CallKit.StartAgentAsync();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendAsync(Encoding.UTF8.GetBytes(request), agent.UdpEndPoint, Soon);
        var answer = Encoding.UTF8.GetString((await peer.ReceiveAsync(Soon)).Buffer);

        Assert.StartsWith($"SIP/2.0 400 {fault}\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_dialog_OPTIONS_gets_200_and_INVITE_480()
    {
        await using var agent = await CallKit.StartAgentAsync();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendAsync(ParserFuzzTests.Seeds[2], agent.UdpEndPoint, Soon);
        var options = Encoding.UTF8.GetString((await peer.ReceiveAsync(Soon)).Buffer);
        await peer.SendAsync(Encoding.UTF8.GetBytes(SipParserTests.Invite), agent.UdpEndPoint, Soon);
        var trying = Encoding.UTF8.GetString((await peer.ReceiveAsync(Soon)).Buffer);
        var invite = Encoding.UTF8.GetString((await peer.ReceiveAsync(Soon)).Buffer);

        Assert.StartsWith("SIP/2.0 200 OK\r\n", options, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 100 Trying\r\n", trying, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 480 Temporarily Unavailable\r\n", invite, StringComparison.Ordinal);
    }
}
