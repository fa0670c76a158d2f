using Outdial.Telephony.Sip.Calls;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Tests.Transactions;

namespace Outdial.Telephony.Sip.Tests.Calls;

/// <summary>How the user agent answers requests that belong to none of its calls.</summary>
public class UserAgentCoreTests
{
    private static (TransactionHarness Harness, UserAgentCore Core) Start()
    {
        var harness = new TransactionHarness();
        return (harness, new UserAgentCore(harness.Layer, harness.Clock, "Outdial", harness.Transport.LocalEndPoint));
    }

    private static SipRequest Incoming(string method, string? toTag)
    {
        var request = TransactionHarness.Request(method, new SipVia("UDP", "127.0.0.1", 5099, [new SipParameter("branch", SipIds.NewBranch())]));
        if (toTag is not null)
        {
            request.To = request.To.WithTag(toTag);
        }

        return request;
    }

    [Theory]
    [InlineData("OPTIONS", null, "200")]
    [InlineData("INVITE", null, "480")]
    [InlineData("MESSAGE", null, "405")]
    [InlineData("BYE", "no-such-dialog", "481")]
    [InlineData("INVITE", "no-such-dialog", "481")]
    public void Request_outside_any_call_gets_its_answer(string method, string? toTag, string status)
    {
        var (harness, _) = Start();

        harness.Receive(Incoming(method, toTag));

        Assert.Equal(1, harness.Transport.Count(status));
    }

    [Fact]
    public void OPTIONS_answer_lists_the_methods_and_accepts_SDP()
    {
        var (harness, _) = Start();

        harness.Receive(Incoming("OPTIONS", null));

        var answer = (SipResponse)harness.Transport.Sent.Last().Message;
        Assert.Equal("INVITE, ACK, CANCEL, BYE, OPTIONS", answer.Header("Allow"));
        Assert.Equal("application/sdp", answer.Header("Accept"));
        Assert.NotNull(answer.To.Tag);
    }
}
