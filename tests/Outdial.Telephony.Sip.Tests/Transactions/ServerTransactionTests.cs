using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Tests.Transactions;

public class ServerTransactionTests
{
    private static SipRequest Incoming(string method, string branch = "z9hG4bKserver1") =>
        TransactionHarness.Request(method, new SipVia("UDP", "127.0.0.1", 5099, [new SipParameter("branch", branch)]));

    [Fact]
    public void INVITE_is_answered_100_at_once_and_handed_up()
    {
        var harness = new TransactionHarness();

        harness.Receive(Incoming("INVITE"));

        Assert.Equal(1, harness.Transport.Count("100"));
        Assert.IsType<InviteServerTransaction>(Assert.Single(harness.Requests));
    }

    // Timer G resends the error at T1, 2 T1, 4 T1 … capped at T2 (8 T1): at 1, 3, 7, 15, 23, … T1; Timer H ends it at 64 T1.
    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.5, 2)]
    [InlineData(3.5, 3)]
    [InlineData(7.5, 4)]
    [InlineData(15.5, 5)]
    [InlineData(23.5, 6)]
    [InlineData(63.5, 11)]
    [InlineData(80, 11)]
    public void Error_response_is_retransmitted_by_Timer_G_until_Timer_H(double elapsedT1, int sends)
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("INVITE"));
        var transaction = harness.Requests[0];
        transaction.Respond(TransactionHarness.Response(transaction.Request, 480));

        harness.Advance(harness.T1 * elapsedT1);

        Assert.Equal(sends, harness.Transport.Count("480"));
        Assert.Equal(elapsedT1 >= 64 ? TransactionState.Terminated : TransactionState.Completed, transaction.State);
    }

    [Fact]
    public void ACK_of_an_error_confirms_the_transaction_and_stops_Timer_G()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("INVITE"));
        var transaction = harness.Requests[0];
        transaction.Respond(TransactionHarness.Response(transaction.Request, 480));

        harness.Receive(Incoming("ACK"));
        harness.Advance(harness.T1 * 4);

        Assert.Equal(1, harness.Transport.Count("480"));
        Assert.Empty(harness.Acks);
        Assert.Equal(TransactionState.Confirmed, transaction.State);
        harness.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Retransmitted_INVITE_gets_the_last_response_again()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("INVITE"));
        harness.Requests[0].Respond(TransactionHarness.Response(harness.Requests[0].Request, 180));

        harness.Receive(Incoming("INVITE"));

        Assert.Single(harness.Requests);
        Assert.Equal(2, harness.Transport.Count("180"));
    }

    [Fact]
    public void In_Accepted_INVITE_retransmissions_are_absorbed_and_the_ACK_goes_to_the_TU()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("INVITE"));
        var transaction = harness.Requests[0];
        transaction.Respond(TransactionHarness.Response(transaction.Request, 200));

        harness.Receive(Incoming("INVITE"));
        harness.Receive(Incoming("ACK"));

        Assert.Equal(1, harness.Transport.Count("200"));
        Assert.Single(harness.Acks);
        Assert.Equal(TransactionState.Accepted, transaction.State);
        harness.Advance(harness.T1 * 64.5);
        Assert.Equal(TransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void Non_INVITE_retransmission_gets_the_final_response_again_until_Timer_J()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("OPTIONS"));
        var transaction = harness.Requests[0];
        transaction.Respond(TransactionHarness.Response(transaction.Request, 200));

        harness.Receive(Incoming("OPTIONS"));

        Assert.Single(harness.Requests);
        Assert.Equal(2, harness.Transport.Count("200"));
        harness.Advance(harness.T1 * 64.5);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, harness.Layer.ServerCount);
    }

    [Fact]
    public void Non_INVITE_over_TCP_ends_when_answered()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("OPTIONS"), TransactionHarness.TcpPeer);

        harness.Requests[0].Respond(TransactionHarness.Response(harness.Requests[0].Request, 200));

        Assert.Equal(TransactionState.Terminated, harness.Requests[0].State);
        Assert.Equal(SipTransportKind.Tcp, harness.Transport.Sent.Last().Destination.Transport);
    }

    [Fact]
    public void CANCEL_of_a_pending_INVITE_gets_200_and_the_INVITE_487()
    {
        var harness = new TransactionHarness();
        harness.Receive(Incoming("INVITE"));

        harness.Receive(Incoming("CANCEL"));

        Assert.Equal(1, harness.Transport.Count("200"));
        Assert.Equal(1, harness.Transport.Count("487"));
        Assert.Single(harness.Requests);
    }

    [Fact]
    public void CANCEL_matching_nothing_gets_481()
    {
        var harness = new TransactionHarness();

        harness.Receive(Incoming("CANCEL", "z9hG4bKother"));

        Assert.Equal(1, harness.Transport.Count("481"));
    }

    [Fact]
    public void Response_goes_to_received_and_rport_of_the_top_Via()
    {
        var harness = new TransactionHarness();
        var via = new SipVia("UDP", "10.9.9.9", 5099, [new SipParameter("branch", "z9hG4bK1"), new SipParameter("rport", null)]);
        var source = TransactionHarness.Peer with { Address = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 40001) };
        var request = TransactionHarness.Request("OPTIONS", SipEndPoint.Stamp(via, source));

        harness.Receive(request, source);
        harness.Requests[0].Respond(TransactionHarness.Response(request, 200));

        Assert.Equal(source, harness.Transport.Sent.Last().Destination);
        Assert.Equal("127.0.0.1", ((SipResponse)harness.Transport.Sent.Last().Message).TopVia.Received);
    }
}
