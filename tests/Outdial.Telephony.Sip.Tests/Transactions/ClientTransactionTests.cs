using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;

namespace Outdial.Telephony.Sip.Tests.Transactions;

public class ClientTransactionTests
{
    // Timer A doubles from T1 with no cap: sends at 0, 1, 3, 7, 15, 31, 63 T1; Timer B at 64 T1.
    // Timer E doubles from T1 up to T2 (8 T1): sends at 0, 1, 3, 7, 15, 23, …, 63 T1; Timer F at 64 T1.
    [Theory]
    [InlineData("INVITE", 0.5, 1, 0)]
    [InlineData("INVITE", 1.5, 2, 0)]
    [InlineData("INVITE", 3.5, 3, 0)]
    [InlineData("INVITE", 7.5, 4, 0)]
    [InlineData("INVITE", 63.5, 7, 0)]
    [InlineData("INVITE", 64.5, 7, 1)]
    [InlineData("BYE", 1.5, 2, 0)]
    [InlineData("BYE", 7.5, 4, 0)]
    [InlineData("BYE", 15.5, 5, 0)]
    [InlineData("BYE", 23.5, 6, 0)]
    [InlineData("BYE", 63.5, 11, 0)]
    [InlineData("BYE", 64.5, 11, 1)]
    public void Unanswered_request_is_retransmitted_then_times_out_on_UDP(string method, double elapsedT1, int sends, int timeouts)
    {
        var harness = new TransactionHarness();
        harness.Start(method);

        harness.Advance(harness.T1 * elapsedT1);

        Assert.Equal(sends, harness.Transport.Count(method));
        Assert.Equal(timeouts, harness.Timeouts);
    }

    [Theory]
    [InlineData("INVITE")]
    [InlineData("BYE")]
    public void Request_over_TCP_is_sent_once_and_still_times_out(string method)
    {
        var harness = new TransactionHarness();
        harness.Start(method, TransactionHarness.TcpPeer);

        harness.Advance(harness.T1 * 65);

        Assert.Equal(1, harness.Transport.Count(method));
        Assert.Equal(1, harness.Timeouts);
    }

    [Fact]
    public void Provisional_response_stops_INVITE_retransmission_and_Timer_B()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("INVITE");
        harness.Advance(harness.T1 * 1.5);

        harness.Receive(TransactionHarness.Response(transaction.Request, 180));
        harness.Advance(harness.T1 * 100);

        Assert.Equal(2, harness.Transport.Count("INVITE"));
        Assert.Equal(0, harness.Timeouts);
        Assert.Equal(TransactionState.Proceeding, transaction.State);
    }

    [Fact]
    public void Non_INVITE_in_Proceeding_retransmits_every_T2()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("REGISTER");
        harness.Receive(TransactionHarness.Response(transaction.Request, 100));

        harness.Advance(harness.T1 * 17.5); // sends at 0, then Timer E at 1 T1 and every T2 (8 T1) after: 9, 17 T1

        Assert.Equal(4, harness.Transport.Count("REGISTER"));
    }

    [Fact]
    public void Final_error_is_ACKed_and_its_retransmissions_are_absorbed_until_Timer_D()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("INVITE");
        var busy = TransactionHarness.Response(transaction.Request, 486);

        harness.Receive(busy);
        harness.Receive(busy);
        harness.Receive(busy);

        Assert.Single(harness.Responses);
        Assert.Equal(3, harness.Transport.Count("ACK"));
        var ack = (SipRequest)harness.Transport.Sent.Last().Message;
        Assert.Equal(transaction.Request.TopVia.Branch, ack.TopVia.Branch);
        Assert.Equal("b1", ack.To.Tag);
        Assert.Equal(TransactionState.Completed, transaction.State);

        harness.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, harness.Layer.ClientCount);
        harness.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal(0, harness.Layer.ClientCount);
        harness.Receive(busy);
        Assert.Equal(2, harness.Responses.Count); // after Timer D the response is a stray one
    }

    [Fact]
    public void Every_2xx_retransmission_reaches_the_owner_in_Accepted_until_Timer_M()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("INVITE");
        var ok = TransactionHarness.Response(transaction.Request, 200);

        harness.Receive(ok);
        harness.Receive(ok);

        Assert.Equal(TransactionState.Accepted, transaction.State);
        Assert.Equal(2, harness.Responses.Count);
        Assert.Equal(0, harness.Transport.Count("ACK")); // the 2xx's ACK belongs to the dialog
        harness.Advance(harness.T1 * 64.5);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, harness.Layer.ClientCount);
    }

    [Fact]
    public void Non_INVITE_final_retransmissions_are_absorbed_until_Timer_K()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("BYE");
        var ok = TransactionHarness.Response(transaction.Request, 200);

        harness.Receive(ok);
        harness.Advance(TimeSpan.FromSeconds(4.9));
        harness.Receive(ok);

        Assert.Single(harness.Responses);
        Assert.Equal(1, harness.Transport.Count("BYE"));
        Assert.Equal(TransactionState.Completed, transaction.State);
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Final_response_over_TCP_ends_the_transaction_at_once()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("INVITE", TransactionHarness.TcpPeer);

        harness.Receive(TransactionHarness.Response(transaction.Request, 486));

        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(1, harness.Transport.Count("ACK"));
    }

    [Fact]
    public void Transport_error_fails_a_pending_transaction_to_that_peer()
    {
        var harness = new TransactionHarness();
        var transaction = harness.Start("INVITE", TransactionHarness.TcpPeer);

        harness.Layer.OnTransportError(TransactionHarness.TcpPeer);

        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, harness.Layer.ClientCount);
    }
}
