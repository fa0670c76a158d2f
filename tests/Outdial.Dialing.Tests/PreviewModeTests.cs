namespace Outdial.Dialing.Tests;

public sealed class PreviewModeTests
{
    private readonly DialerHarness _harness = new(DialerHarness.Settings(DialingMode.Preview));

    private SessionId OfferedSession()
    {
        _harness.AddRecords(3);
        return _harness.Online(1).Single<OfferSession>().Session;
    }

    [Fact]
    public void Preview_offers_the_first_record_to_a_free_operator_without_dialling()
    {
        _harness.AddRecords(2);

        var commands = _harness.Online(1);

        var offer = commands.Single<OfferSession>();
        Assert.Equal(new RecordId(1), offer.Record);
        Assert.Empty(commands.Of<Originate>());
        Assert.Equal(RecordState.OperatorAssigned, _harness.RecordOf(1).State);
        Assert.Equal(OperatorActivity.Offered, _harness.Dialer.ActivityOf(new OperatorId(1)));
    }

    [Fact]
    public void Preview_session_dials_when_bcw_elapses()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));

        Assert.Empty(_harness.AdvanceSeconds(9.9).Of<Originate>());
        var originate = _harness.AdvanceSeconds(0.1).Single<Originate>();

        Assert.Equal(new RecordId(1), originate.Record);
        Assert.Equal(RecordState.Calling, _harness.RecordOf(1).State);
    }

    [Fact]
    public void Preview_call_rings_on_the_operators_line()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));

        var originate = _harness.AdvanceSeconds(10).Single<Originate>();

        Assert.Equal(new OperatorId(1), originate.OperatorLine);
    }

    [Fact]
    public void Preview_dials_at_once_when_the_operator_presses_call()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));
        _harness.AdvanceSeconds(3);

        var commands = _harness.Send(new CallNowPressed(session));

        Assert.Single(commands.Of<Originate>());
    }

    [Fact]
    public void Preview_rejection_returns_the_record_to_the_queue_and_counts_it()
    {
        var session = OfferedSession();

        var commands = _harness.Send(new SessionRejected(session));

        var record = _harness.RecordOf(1);
        Assert.Equal(RecordState.Initial, record.State);
        Assert.Equal(1, record.Rejections);
        Assert.Equal(0, record.Attempts);
        Assert.Equal(new RecordId(2), commands.Single<OfferSession>().Record);
    }

    [Fact]
    public void Preview_record_rejected_the_maximum_times_stays_rejected_by_operator()
    {
        var settings = DialerHarness.Settings(DialingMode.Preview) with { MaxRejections = 2 };
        var harness = new DialerHarness(settings);
        harness.AddRecords(1);
        var first = harness.Online(1).Single<OfferSession>();

        var second = harness.Send(new SessionRejected(first.Session)).Single<OfferSession>();
        harness.Send(new SessionRejected(second.Session));

        Assert.Equal(RecordState.RejectedByOperator, harness.RecordOf(1).State);
    }

    [Fact]
    public void Preview_operator_result_ends_the_session_and_the_next_offer_follows()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));
        var call = _harness.AdvanceSeconds(10).Single<Originate>().Call;
        _harness.Send(new CallAnswered(call, AnsweredBy.Live));
        _harness.AdvanceSeconds(60);
        _harness.Send(new CallEnded(call));
        Assert.Equal(OperatorActivity.WrapUp, _harness.Dialer.ActivityOf(new OperatorId(1)));

        var commands = _harness.Send(new SessionCompleted(session, OperatorResult.Success));

        Assert.Equal(RecordState.Success, _harness.RecordOf(1).State);
        Assert.Equal(new RecordId(2), commands.Single<OfferSession>().Record);
    }

    [Fact]
    public void Preview_failed_dial_waits_for_the_operator_to_close_the_session()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));
        var call = _harness.AdvanceSeconds(10).Single<Originate>().Call;

        var commands = _harness.Send(new CallFailed(call, CallFailure.Busy));

        Assert.Empty(commands.Of<OfferSession>());
        Assert.Equal(RecordState.RetryScheduled, _harness.RecordOf(1).State);
        Assert.Equal(DialResult.Busy, _harness.RecordOf(1).LastDialResult);
        Assert.Single(_harness.Send(new SessionCompleted(session, OperatorResult.Retry)).Of<OfferSession>());
    }

    [Fact]
    public void Preview_session_in_bcw_is_cancelled_when_the_campaign_pauses()
    {
        var session = OfferedSession();
        _harness.Send(new SessionAccepted(session));

        var commands = _harness.Send(new CampaignPaused());
        var later = _harness.AdvanceSeconds(30);

        Assert.Equal(SessionCancelReason.CampaignPaused, commands.Single<SessionCancelled>().Reason);
        Assert.Empty(later.Of<Originate>());
        Assert.Equal(RecordState.Initial, _harness.RecordOf(1).State);
    }

    [Fact]
    public void Preview_does_not_dial_when_the_calling_window_closed_during_bcw()
    {
        var settings = DialerHarness.Settings(DialingMode.Preview) with
        {
            CallingWindow = new CallingWindow(new TimeOnly(8, 0), new TimeOnly(9, 0, 5)),
        };
        var harness = new DialerHarness(settings);
        harness.AddRecords(1);
        var session = harness.Online(1).Single<OfferSession>().Session;
        harness.Send(new SessionAccepted(session));

        var commands = harness.AdvanceSeconds(10);

        Assert.Empty(commands.Of<Originate>());
        Assert.Equal(SessionCancelReason.OutsideCallingHours, commands.Single<SessionCancelled>().Reason);
        Assert.Equal(WaitReason.CallingHours, harness.Dialer.WhyWaiting(new RecordId(1)).Reason);
    }

    [Fact]
    public void Operator_going_on_break_while_offered_gives_the_record_back_without_a_rejection()
    {
        var session = OfferedSession();

        var commands = _harness.Send(new OperatorPresenceChanged(new OperatorId(1), OperatorPresence.OnBreak));

        Assert.Equal(session, commands.Single<SessionCancelled>().Session);
        Assert.Equal(0, _harness.RecordOf(1).Rejections);
        Assert.Equal(OperatorActivity.OnBreak, _harness.Dialer.ActivityOf(new OperatorId(1)));
    }
}
