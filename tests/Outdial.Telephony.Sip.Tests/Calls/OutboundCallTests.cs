using Outdial.Telephony.Sip.Calls;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Tests.Transactions;

namespace Outdial.Telephony.Sip.Tests.Calls;

/// <summary>Call behaviour on a fake clock over a recording transport: what is sent when.</summary>
public class OutboundCallTests
{
    private sealed class Rig
    {
        public Rig()
        {
            Core = new UserAgentCore(Harness.Layer, Harness.Clock, "Outdial", Harness.Transport.LocalEndPoint);
        }

        public TransactionHarness Harness { get; } = new();

        public UserAgentCore Core { get; }

        public OutboundCall Call(TimeSpan? ring = null, SipCredentials? credentials = null, string? offer = "v=0") =>
            Core.StartCall(new SipCallRequest("sip:100@127.0.0.1:5099", "sip:outdial@127.0.0.1", offer, ring ?? TimeSpan.FromSeconds(30), credentials));

        public SipRequest LastInvite => Harness.Transport.Sent.Select(sent => sent.Message).OfType<SipRequest>().Last(request => request.Method == "INVITE");

        public SipResponse Answer(int status, string? extraHeader = null)
        {
            var response = SipResponse.For(LastInvite, status, "Reason", "far1");
            response.Contacts.Add(new SipNameAddress(SipUri.Parse("sip:far@127.0.0.1:5099")!));
            if (extraHeader is not null)
            {
                var colon = extraHeader.IndexOf(':', StringComparison.Ordinal);
                response.Headers.Add(new SipHeader(extraHeader[..colon], extraHeader[(colon + 1)..].Trim()));
            }

            return response;
        }

        public int Sent(string method) => Harness.Transport.Count(method);
    }

    [Fact]
    public void Each_retransmitted_2xx_gets_the_same_ACK_again()
    {
        var rig = new Rig();
        var call = rig.Call();
        var ok = rig.Answer(200);

        rig.Harness.Receive(ok);
        rig.Harness.Receive(ok);
        rig.Harness.Advance(rig.Harness.T1 * 70);
        rig.Harness.Receive(ok); // after Timer M: a stray 2xx, still ACKed by the dialog

        var acks = rig.Harness.Transport.Sent.Select(sent => sent.Message).OfType<SipRequest>().Where(request => request.Method == "ACK").ToList();
        Assert.Equal(3, acks.Count);
        Assert.Single(acks.Select(ack => ack.TopVia.Branch).Distinct());
        Assert.NotEqual(rig.LastInvite.TopVia.Branch, acks[0].TopVia.Branch); // a 2xx's ACK is its own transaction
        Assert.Equal("far1", acks[0].To.Tag);
        Assert.Equal("sip:far@127.0.0.1:5099", acks[0].RequestUri.ToString());
        Assert.True(call.Events.TryRead(out var answered) && answered is SipCallAnswered);
    }

    [Fact]
    public void A_call_whose_CANCEL_gets_no_final_answer_gives_up_and_forgets_its_INVITE()
    {
        var rig = new Rig();
        var call = rig.Call(ring: TimeSpan.FromSeconds(2));
        rig.Harness.Receive(rig.Answer(180));
        rig.Harness.Advance(TimeSpan.FromSeconds(3));

        // The CANCEL is answered 200, but the INVITE never gets its 487: after 64·T1 the call gives up.
        var cancel = rig.Harness.Transport.Sent.Select(sent => sent.Message).OfType<SipRequest>().First(request => request.Method == "CANCEL");
        rig.Harness.Receive(SipResponse.For(cancel, 200, "OK", "far1"));
        rig.Harness.Advance(rig.Harness.T1 * 70);

        Assert.True(call.Events.TryRead(out var ringing) && ringing is SipCallRinging);
        Assert.True(call.Events.TryRead(out var failed) && failed is SipCallFailed { Outcome: SipOutcome.NoAnswer });
        Assert.Equal(0, rig.Harness.Layer.ClientCount);
    }

    [Fact]
    public void Ring_timeout_before_any_provisional_waits_for_one_before_CANCEL()
    {
        var rig = new Rig();
        var call = rig.Call(ring: TimeSpan.FromSeconds(2));

        rig.Harness.Advance(TimeSpan.FromSeconds(3)); // §9.1: no CANCEL before a provisional response (100 Trying counts)
        Assert.Equal(0, rig.Sent("CANCEL"));

        rig.Harness.Receive(rig.Answer(180));
        Assert.Equal(1, rig.Sent("CANCEL"));
        var cancel = rig.Harness.Transport.Sent.Select(sent => sent.Message).OfType<SipRequest>().Single(request => request.Method == "CANCEL");
        Assert.Equal(rig.LastInvite.TopVia.Branch, cancel.TopVia.Branch);
        Assert.Null(cancel.To.Tag);

        rig.Harness.Receive(rig.Answer(487));
        Assert.True(call.Events.TryRead(out var ringing) && ringing is SipCallRinging);
        Assert.True(call.Events.TryRead(out var failed));
        Assert.Equal(new SipCallFailed(SipOutcome.NoAnswer, 487, "487 Reason: ring timeout"), failed);
    }

    [Fact]
    public void Stale_nonce_is_answered_once_more_but_a_third_challenge_fails()
    {
        var rig = new Rig();
        var call = rig.Call(credentials: new SipCredentials("u", "p"));

        rig.Harness.Receive(rig.Answer(401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"one\""));
        rig.Harness.Receive(rig.Answer(401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"two\", stale=true"));
        rig.Harness.Receive(rig.Answer(401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"three\", stale=true"));

        Assert.Equal(3, rig.Sent("INVITE"));
        Assert.Contains("nonce=\"two\"", rig.LastInvite.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(3u, rig.LastInvite.CSeq.Number);
        Assert.True(call.Events.TryRead(out var failed));
        Assert.Equal(SipOutcome.AuthFailed, Assert.IsType<SipCallFailed>(failed).Outcome);
    }

    private static (Rig Rig, Task Over) HangUpAnsweredCall()
    {
        var rig = new Rig();
        var call = rig.Call();
        rig.Harness.Receive(rig.Answer(200));
        return (rig, call.HangUp());
    }

    [Fact]
    public void Hang_up_of_an_answered_call_sends_BYE_with_the_next_CSeq_and_ends_on_its_200()
    {
        var (rig, over) = HangUpAnsweredCall();
        var bye = rig.Harness.Transport.Sent.Select(sent => sent.Message).OfType<SipRequest>().Single(request => request.Method == "BYE");
        rig.Harness.Receive(SipResponse.For(bye, 200, "OK"));

        Assert.Equal(2u, bye.CSeq.Number);
        Assert.True(over.IsCompleted);
        Assert.Equal(0, rig.Core.ActiveCalls);
    }

    [Fact]
    public void Unanswered_BYE_still_ends_the_call_after_Timer_F()
    {
        var (rig, over) = HangUpAnsweredCall();
        rig.Harness.Advance(rig.Harness.T1 * 65);

        Assert.True(over.IsCompleted);
    }

    [Theory]
    [InlineData(600, SipOutcome.Busy)]
    [InlineData(408, SipOutcome.NoAnswer)]
    [InlineData(484, SipOutcome.InvalidNumber)]
    [InlineData(604, SipOutcome.InvalidNumber)]
    [InlineData(606, SipOutcome.CodecMismatch)]
    [InlineData(500, SipOutcome.NetworkError)]
    [InlineData(403, SipOutcome.NetworkError)]
    [InlineData(401, SipOutcome.AuthFailed)]
    public void Final_status_maps_to_the_documented_outcome(int status, SipOutcome outcome)
    {
        var rig = new Rig();
        var call = rig.Call();

        rig.Harness.Receive(rig.Answer(status));

        Assert.True(call.Events.TryRead(out var failed));
        Assert.Equal(outcome, Assert.IsType<SipCallFailed>(failed).Outcome);
    }
}
