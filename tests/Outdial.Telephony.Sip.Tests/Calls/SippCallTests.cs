using Outdial.Testing.Sip;
using Outdial.Telephony.Sip.Messages;
using static Outdial.Telephony.Sip.Tests.SippScenarios;

namespace Outdial.Telephony.Sip.Tests.Calls;

/// <summary>Calls from the user agent to SIPp playing the carrier, over real UDP/TCP on 127.0.0.1.</summary>
public class SippCallTests
{
    [Fact]
    public async Task Answered_call_ends_when_the_carrier_hangs_up()
    {
        await using var sipp = await SippPeer.StartAsync(AnswerThenRemoteBye(ringMilliseconds: 500, talkMilliseconds: 500));
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request(sipp.Uri())).AllEventsAsync();

        Assert.Equal(180, Assert.IsType<SipCallRinging>(events[0]).StatusCode);
        var answered = Assert.IsType<SipCallAnswered>(events[1]);
        Assert.Contains("m=audio", answered.RemoteSdp, StringComparison.Ordinal);
        Assert.Equal(new SipCallEnded(ByRemote: true), events[2]);
        Assert.Equal(3, events.Count);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Answered_call_is_ended_by_our_BYE()
    {
        await using var sipp = await SippPeer.StartAsync(AnswerThenLocalBye(ringMilliseconds: 200));
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri()));
        Assert.IsType<SipCallRinging>(await call.NextAsync());
        Assert.IsType<SipCallAnswered>(await call.NextAsync());

        await call.HangUpAsync();

        Assert.Equal([new SipCallEnded(ByRemote: false)], await call.AllEventsAsync());
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task A_bye_the_carrier_challenges_is_sent_again_once_with_credentials()
    {
        await using var sipp = await SippPeer.StartAsync(AnswerThenChallengeBye());
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri(), credentials: new SipCredentials("outdial", "secret")));
        Assert.IsType<SipCallAnswered>(await call.NextAsync());

        await call.HangUpAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([new SipCallEnded(ByRemote: false)], await call.AllEventsAsync());
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(2, sipp.Received("BYE"));
        var log = await File.ReadAllTextAsync(sipp.MessageLog);
        Assert.Contains("Proxy-Authorization: Digest", log, StringComparison.Ordinal);
        Assert.Contains("nonce=\"bye-nonce-1\"", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(486, "Busy Here", SipOutcome.Busy)]
    [InlineData(480, "Temporarily Unavailable", SipOutcome.NoAnswer)]
    [InlineData(603, "Decline", SipOutcome.Rejected)]
    [InlineData(404, "Not Found", SipOutcome.InvalidNumber)]
    [InlineData(503, "Service Unavailable", SipOutcome.NetworkError)]
    [InlineData(488, "Not Acceptable Here", SipOutcome.CodecMismatch)]
    public async Task Refusal_maps_to_its_outcome_and_is_ACKed(int status, string reason, SipOutcome outcome)
    {
        await using var sipp = await SippPeer.StartAsync(Refuse(status, reason));
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request(sipp.Uri())).AllEventsAsync();

        var failed = Assert.IsType<SipCallFailed>(events[^1]);
        Assert.Equal(outcome, failed.Outcome);
        Assert.Equal(status, failed.StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(1, sipp.Received("ACK"));
    }

    [Fact]
    public async Task Silent_carrier_is_a_network_error_after_Timer_B_with_INVITE_retransmitted()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(ReceiveInvite, Pause(4000)));
        await using var agent = await CallKit.StartAgentAsync(t1Milliseconds: 50);

        var events = await agent.Call(CallKit.Request(sipp.Uri())).AllEventsAsync();

        Assert.Equal(new SipCallFailed(SipOutcome.NetworkError, 0, "No response to the INVITE (Timer B)"), Assert.Single(events));
        await sipp.WaitForExitAsync();
        Assert.Equal(7, sipp.Received("INVITE")); // Timer A: at 0, 1, 3, 7, 15, 31, 63 T1 before Timer B at 64 T1
    }

    [Fact]
    public async Task Ring_timeout_cancels_and_is_no_answer()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(ReceiveInvite, Reply(180, "Ringing"), ReceiveCancel));
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request(sipp.Uri(), ringTimeout: TimeSpan.FromSeconds(1))).AllEventsAsync();

        Assert.IsType<SipCallRinging>(events[0]);
        var failed = Assert.IsType<SipCallFailed>(events[1]);
        Assert.Equal(SipOutcome.NoAnswer, failed.Outcome);
        Assert.Equal(487, failed.StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Hang_up_before_any_provisional_waits_for_it_then_cancels()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(ReceiveInvite, Pause(800), Reply(180, "Ringing"), ReceiveCancel));
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri()));

        await call.HangUpAsync();

        Assert.Equal(SipOutcome.NoAnswer, Assert.IsType<SipCallFailed>((await call.AllEventsAsync())[^1]).Outcome);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(1, sipp.Received("CANCEL"));
    }

    [Fact]
    public async Task Answer_racing_our_CANCEL_is_ACKed_then_ended_with_BYE()
    {
        var invite200 = Reply(200, "OK", sdp: true).Replace("[last_CSeq:]", "CSeq: [$invitecseq] INVITE", StringComparison.Ordinal);
        await using var sipp = await SippPeer.StartAsync(Scenario(
            ReceiveInvite,
            Reply(180, "Ringing"),
            """<recv request="CANCEL"/>""",
            Reply(200, "OK", retransmit: false),
            invite200,
            ReceiveAck,
            ReceiveBye));
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request(sipp.Uri(), ringTimeout: TimeSpan.FromMilliseconds(500))).AllEventsAsync();

        var failed = Assert.IsType<SipCallFailed>(events[^1]);
        Assert.Equal(SipOutcome.NoAnswer, failed.Outcome);
        Assert.Equal(200, failed.StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(1, sipp.Received("BYE"));
    }

    private static string ProxyChallenge(string nonce) =>
        Reply(407, "Proxy Authentication Required", extraHeaders: $"Proxy-Authenticate: Digest realm=\"carrier\", nonce=\"{nonce}\", qop=\"auth\", algorithm=MD5");

    [Fact]
    public async Task Proxy_challenge_with_the_right_password_is_answered_once_and_the_call_proceeds()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(
            ReceiveInvite, ProxyChallenge("n1"), ReceiveAck,
            ReceiveInvite, Reply(180, "Ringing"), Reply(200, "OK", sdp: true), ReceiveAck, ReceiveBye));
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri(), credentials: new SipCredentials("outdial", "s3cret")));

        Assert.IsType<SipCallRinging>(await call.NextAsync());
        Assert.IsType<SipCallAnswered>(await call.NextAsync());
        await call.HangUpAsync();

        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(2, sipp.Received("INVITE"));
        var authorization = File.ReadLines(sipp.MessageLog).First(line => line.StartsWith("Proxy-Authorization:", StringComparison.Ordinal));
        var fields = DigestChallenge.ParseFields(authorization["Proxy-Authorization: Digest ".Length..])!;
        Assert.Equal(DigestAuthentication.Response("MD5", "outdial", "carrier", "s3cret", "INVITE", fields["uri"], "n1", "auth", fields["nc"], fields["cnonce"]),
            fields["response"]);
    }

    [Fact]
    public async Task Second_challenge_after_a_wrong_password_fails_as_auth_failed_without_a_third_INVITE()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(
            ReceiveInvite, ProxyChallenge("n1"), ReceiveAck,
            ReceiveInvite, ProxyChallenge("n1"), ReceiveAck,
            Pause(1000)));
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request(sipp.Uri(), credentials: new SipCredentials("outdial", "wrong"))).AllEventsAsync();

        var failed = Assert.IsType<SipCallFailed>(Assert.Single(events));
        Assert.Equal(SipOutcome.AuthFailed, failed.Outcome);
        Assert.Equal(407, failed.StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(2, sipp.Received("INVITE"));
    }

    private static string VerifiedChallengeScenario() => Scenario(
        ReceiveInvite,
        Reply(401, "Unauthorized", extraHeaders: "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n401\", qop=\"auth\""),
        ReceiveAck,
        """
        <recv request="INVITE">
          <action><verifyauth assign_to="authvalid" username="outdial" password="s3cret"/></action>
        </recv>
        <nop test="authvalid" next="good"/>
        """,
        Reply(401, "Unauthorized", extraHeaders: "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n401\", qop=\"auth\""),
        ReceiveAck,
        """<nop next="done"/>""",
        """<label id="good"/>""",
        Reply(200, "OK", sdp: true),
        ReceiveAck,
        ReceiveBye,
        """<label id="done"/>""");

    [Theory]
    [InlineData("s3cret", SipOutcome.Answered)]
    [InlineData("wrong", SipOutcome.AuthFailed)]
    public async Task Carrier_verifies_the_digest_of_the_answer_to_its_401(string password, SipOutcome expected)
    {
        await using var sipp = await SippPeer.StartAsync(VerifiedChallengeScenario());
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri(), credentials: new SipCredentials("outdial", password)));

        var first = await call.NextAsync();
        if (first is SipCallAnswered)
        {
            await call.HangUpAsync();
        }

        Assert.Equal(expected, first is SipCallFailed failed ? failed.Outcome : SipOutcome.Answered);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(2, sipp.Received("INVITE"));
    }

    [Fact]
    public async Task Call_over_TCP_is_answered_and_ended()
    {
        await using var sipp = await SippPeer.StartAsync(AnswerThenLocalBye(ringMilliseconds: 200), tcp: true);
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri(tcp: true)));

        Assert.IsType<SipCallRinging>(await call.NextAsync());
        Assert.IsType<SipCallAnswered>(await call.NextAsync());
        await call.HangUpAsync();

        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Call_without_an_offer_carries_the_answer_in_the_ACK()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(
            ReceiveInvite,
            Reply(200, "OK", sdp: true),
            """
            <recv request="ACK">
              <action>
                <ereg regexp="m=audio 40000" search_in="body" check_it="true" assign_to="answer"/>
                <log message="answer [$answer]"/>
              </action>
            </recv>
            """,
            ReceiveBye));
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri()) with { SdpOffer = null });

        var answered = Assert.IsType<SipCallAnswered>(await call.NextAsync());
        await call.AcknowledgeAsync(CallKit.Offer);
        await call.HangUpAsync();

        Assert.Contains("m=audio", answered.RemoteSdp, StringComparison.Ordinal);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Re_INVITE_in_the_confirmed_dialog_returns_the_far_end_answer()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(
            ReceiveInvite,
            Reply(200, "OK", sdp: true),
            ReceiveAck,
            """<recv request="INVITE"/>""",
            Reply(200, "OK", sdp: true),
            ReceiveAck,
            ReceiveBye));
        await using var agent = await CallKit.StartAgentAsync();
        var call = agent.Call(CallKit.Request(sipp.Uri()));
        Assert.IsType<SipCallAnswered>(await call.NextAsync());

        var answer = await call.ReinviteAsync(CallKit.Offer);
        await call.HangUpAsync();

        Assert.Contains("m=audio", answer, StringComparison.Ordinal);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(2, sipp.Received("ACK"));
    }

    [Fact]
    public async Task Call_over_TCP_to_a_port_nobody_listens_on_is_a_network_error()
    {
        using var reserved = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        reserved.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, not listening: connections are refused
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request($"sip:100@127.0.0.1:{((System.Net.IPEndPoint)reserved.LocalEndPoint!).Port};transport=tcp")).AllEventsAsync();

        Assert.Equal(new SipCallFailed(SipOutcome.NetworkError, 0, "Transport error"), Assert.Single(events));
    }

    [Fact]
    public async Task A_tcp_peer_that_refused_once_is_reached_when_it_listens_again()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, not listening: refused
        var port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
        await using var agent = await CallKit.StartAgentAsync();
        var target = $"sip:100@127.0.0.1:{port};transport=tcp";
        Assert.Equal(SipOutcome.NetworkError, Assert.IsType<SipCallFailed>(Assert.Single(await agent.Call(CallKit.Request(target)).AllEventsAsync())).Outcome);

        listener.Listen();
        var second = agent.Call(CallKit.Request(target));
        using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        var read = await accepted.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith($"INVITE {target} SIP/2.0", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        await second.HangUpAsync().WaitAsync(TimeSpan.FromSeconds(1)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Via_and_contact_carry_the_advertised_address_so_the_far_end_can_reach_us()
    {
        using var farEnd = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        farEnd.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        await using var agent = await SipUserAgent.StartAsync(
            new SipUserAgentOptions { T1 = TimeSpan.FromMilliseconds(100), AdvertisedAddress = System.Net.IPAddress.Parse("192.0.2.7") }, TimeProvider.System);

        var call = agent.Call(CallKit.Request($"sip:100@127.0.0.1:{((System.Net.IPEndPoint)farEnd.LocalEndPoint!).Port}"));
        var buffer = new byte[8192];
        var read = await farEnd.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(20));
        var invite = System.Text.Encoding.ASCII.GetString(buffer, 0, read);

        Assert.Contains($"Via: SIP/2.0/UDP 192.0.2.7:{agent.UdpEndPoint.Port};", invite, StringComparison.Ordinal);
        Assert.Contains($"sip:outdial@192.0.2.7:{agent.UdpEndPoint.Port}", invite, StringComparison.Ordinal);
        _ = call.HangUpAsync();
    }

    [Fact]
    public async Task Target_host_that_does_not_resolve_is_a_network_error()
    {
        await using var agent = await CallKit.StartAgentAsync();

        var events = await agent.Call(CallKit.Request("sip:100@no-such-host.invalid:5060")).AllEventsAsync();

        Assert.Equal(SipOutcome.NetworkError, Assert.IsType<SipCallFailed>(Assert.Single(events)).Outcome);
    }

    [Fact]
    public async Task Trace_sees_each_message_and_a_handler_that_throws_does_not_break_the_call()
    {
        await using var sipp = await SippPeer.StartAsync(Refuse(486, "Busy Here"));
        await using var agent = await CallKit.StartAgentAsync();
        var traces = new System.Collections.Concurrent.ConcurrentQueue<SipTrace>();
        agent.Trace += trace =>
        {
            traces.Enqueue(trace);
            throw new InvalidOperationException("a faulty observer");
        };

        var events = await agent.Call(CallKit.Request(sipp.Uri())).AllEventsAsync();

        Assert.Equal(SipOutcome.Busy, Assert.IsType<SipCallFailed>(events[^1]).Outcome);
        Assert.Contains(traces, trace => trace.Outgoing && trace.Message.StartsWith("INVITE ", StringComparison.Ordinal));
        Assert.Contains(traces, trace => !trace.Outgoing && trace.Message.StartsWith("SIP/2.0 486", StringComparison.Ordinal));
        Assert.Contains(traces, trace => trace.Outgoing && trace.Message.StartsWith("ACK ", StringComparison.Ordinal));
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }
}
