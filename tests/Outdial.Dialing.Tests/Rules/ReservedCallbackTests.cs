namespace Outdial.Dialing.Tests.Rules;

/// <summary>A callback the operator keeps for themself (docs/rules.md): only they make it, until the grace after its time.</summary>
public sealed class ReservedCallbackTests
{
    private static readonly OperatorId Alice = new(1);
    private static readonly OperatorId Bob = new(2);

    /// <summary>Alice talks to the only contact and arranges a callback in an hour, kept for her; then she takes a break.</summary>
    private static DialerHarness AliceArrangesACallback(DialingMode mode, bool sameOperator = true, CallingWindow? window = null, TimeSpan? callbackIn = null)
    {
        var harness = new DialerHarness(DialerHarness.Settings(mode) with { ReservationGrace = TimeSpan.FromMinutes(15), CallingWindow = window });
        harness.AddRecords(1);
        var commands = harness.Online(1);
        SessionId session;
        if (mode == DialingMode.Preview)
        {
            session = commands.Single<OfferSession>().Session;
            harness.Send(new SessionAccepted(session));
            harness.Send(new CallNowPressed(session));
            var dial = harness.All.Of<Originate>().Single();
            harness.Send(new CallAnswered(dial.Call, AnsweredBy.Live));
            harness.Send(new CallEnded(dial.Call));
        }
        else
        {
            var dial = commands.Single<Originate>();
            session = harness.Send(new CallAnswered(dial.Call, AnsweredBy.Live)).Single<ConnectCall>().Session;
            harness.Send(new CallEnded(dial.Call));
        }

        harness.Send(new OperatorPresenceChanged(Alice, OperatorPresence.OnBreak));
        harness.Send(new SessionCompleted(session, new OperatorResult(OperatorResultKind.Callback, DialerHarness.Monday9am + (callbackIn ?? TimeSpan.FromHours(1)), "Call back", sameOperator)));
        return harness;
    }

    [Theory]
    [InlineData(DialingMode.Preview)]
    [InlineData(DialingMode.Progressive)]
    [InlineData(DialingMode.Predictive)]
    public void A_kept_callback_waits_for_its_operator_while_others_are_free(DialingMode mode)
    {
        var harness = AliceArrangesACallback(mode);
        Assert.Equal(Alice, harness.RecordOf(1).ReservedFor);
        harness.Online(2);

        var meanwhile = harness.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
        Assert.Empty(meanwhile.Of<OfferSession>());
        Assert.Single(harness.All.Of<Originate>());
        Assert.Equal(WaitReason.Callback, harness.Dialer.WhyWaiting(new RecordId(1)).Reason);

        var back = harness.Online(1);

        if (mode == DialingMode.Preview)
        {
            Assert.Equal(Alice, back.Single<OfferSession>().Operator);
        }
        else
        {
            Assert.Equal(Alice, harness.Send(new CallAnswered(back.Single<Originate>().Call, AnsweredBy.Live)).Single<ConnectCall>().Operator);
        }
    }

    [Theory]
    [InlineData(DialingMode.Preview)]
    [InlineData(DialingMode.Predictive)]
    public void A_kept_callback_goes_to_anyone_when_its_operator_misses_the_grace(DialingMode mode)
    {
        var harness = AliceArrangesACallback(mode);
        harness.Online(2);
        harness.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));

        // The dialer wakes itself when the grace ends.
        Assert.Equal(DialerHarness.Monday9am.AddHours(1).AddMinutes(15), harness.Dialer.NextDeadline);
        var after = harness.Advance(TimeSpan.FromMinutes(10));

        if (mode == DialingMode.Preview)
        {
            Assert.Equal(Bob, after.Single<OfferSession>().Operator);
        }
        else
        {
            Assert.Single(after.Of<Originate>());
        }

        Assert.Null(harness.RecordOf(1).ReservedFor);
    }

    [Fact]
    public void A_callback_not_kept_goes_to_whoever_is_free()
    {
        var harness = AliceArrangesACallback(DialingMode.Preview, sameOperator: false);
        harness.Online(2);

        var due = harness.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Bob, due.Single<OfferSession>().Operator);
    }

    [Fact]
    public void A_kept_callback_removed_by_the_supervisor_while_set_aside_ends_cancelled()
    {
        var harness = AliceArrangesACallback(DialingMode.Progressive);
        harness.Online(2);
        harness.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        harness.Send(new RecordCancelled(new RecordId(1)));

        Assert.Equal(RecordState.CancelledByAdmin, harness.RecordOf(1).State);
        Assert.Empty(harness.Online(1).Of<Originate>());
    }

    [Theory]
    [InlineData(DialingMode.Progressive)]
    [InlineData(DialingMode.Predictive)]
    public void A_kept_callback_due_outside_calling_hours_waits_for_them_and_its_grace_starts_then(DialingMode mode)
    {
        // Arranged for 22:00, after the 8:00–21:00 window closes.
        var harness = AliceArrangesACallback(mode, window: CallingWindow.UsDefault, callbackIn: TimeSpan.FromHours(13));
        harness.Online(2);
        harness.Advance(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(5));
        Assert.Empty(harness.Online(1).Of<Originate>());
        harness.Send(new OperatorPresenceChanged(Alice, OperatorPresence.OnBreak));

        // Tuesday 8:10, the window open ten minutes: still kept for Alice; at 8:16 Bob makes it.
        var kept = harness.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(5));
        Assert.Empty(kept.Of<Originate>());
        Assert.Equal(Alice, harness.RecordOf(1).ReservedFor);
        var released = harness.Advance(TimeSpan.FromMinutes(6));

        Assert.Single(released.Of<Originate>());
    }
}
