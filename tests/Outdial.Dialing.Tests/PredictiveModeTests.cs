namespace Outdial.Dialing.Tests;

public sealed class PredictiveModeTests
{
    private static DialerHarness Predictive(double pickupRate = 0.5)
    {
        var harness = new DialerHarness(DialerHarness.Settings(DialingMode.Predictive) with { ConfiguredPickupRate = new PickupRate(pickupRate) });
        harness.AddRecords(50);
        return harness;
    }

    [Theory]
    [InlineData(1, 0.5, 2)]
    [InlineData(2, 0.3, 7)]
    [InlineData(3, 0.2, 15)]
    [InlineData(4, 1.0, 4)]
    public void Fixed_ratio_dials_free_operators_divided_by_the_configured_pickup_rate(int operators, double pickupRate, int dials)
    {
        var harness = Predictive(pickupRate);

        var commands = harness.Online([.. Enumerable.Range(1, operators)]);

        Assert.Equal(dials, commands.Of<Originate>().Count);
    }

    [Fact]
    public void A_pacing_policy_brought_by_a_settings_change_decides_from_then_on()
    {
        var harness = Predictive(0.2);
        var placed = harness.Online(1).Of<Originate>();
        Assert.Equal(5, placed.Count);

        // Adaptive pacing with no answer seen yet dials like progressive: one call for the one free operator.
        harness.Send(new SettingsChanged(harness.Dialer.Settings, new Outdial.Dialing.Pacing.AdaptivePacing()));
        var after = placed.SelectMany(call => harness.Send(new CallFailed(call.Call, CallFailure.NoAnswer))).Of<Originate>();

        Assert.Single(after);
    }

    [Fact]
    public void Adaptive_pacing_that_takes_over_a_running_campaign_counts_the_calls_already_ringing()
    {
        // 20 operators at a configured pickup rate of 50 %: the fixed ratio has 40 calls ringing.
        var harness = new DialerHarness(DialerHarness.Settings(DialingMode.Predictive) with { ConfiguredPickupRate = new PickupRate(0.5) });
        harness.AddRecords(200);
        var placed = harness.Online([.. Enumerable.Range(1, 20)]).Of<Originate>();
        Assert.Equal(40, placed.Count);

        // The campaign's history leaves room under the cap, so adaptive may dial ahead at once.
        var ledger = new Outdial.Dialing.Pacing.AbandonLedger();
        for (var i = 0; i < 1000; i++)
        {
            ledger.LiveAnswer(harness.Clock.GetUtcNow().AddMinutes(-30));
        }

        harness.Send(new SettingsChanged(harness.Dialer.Settings, new Outdial.Dialing.Pacing.AdaptivePacing(ledger: ledger)));
        harness.AdvanceSeconds(5);

        // A call placed before the switch is answered: 19 operators are free and 39 calls still ring,
        // which at 50 % already cover them. A policy that did not know those calls would see none
        // ringing and fill the line limit (3 per operator): 21 more calls.
        var more = harness.Send(new CallAnswered(placed[0].Call, AnsweredBy.Live)).Of<Originate>();

        Assert.True(more.Count <= 2, $"{more.Count} calls placed on top of 39 ringing for 19 free operators");
    }

    [Fact]
    public void Fixed_ratio_holds_no_more_calls_than_the_trunks_have_channels()
    {
        var harness = new DialerHarness(DialerHarness.Settings(DialingMode.Predictive) with { ConfiguredPickupRate = new PickupRate(0.2), ChannelLimit = 6 });
        harness.AddRecords(50);

        var calls = harness.Online(1, 2, 3).Of<Originate>();

        Assert.Equal(6, calls.Count);
        Assert.Equal(6, harness.Dialer.Snapshot().ChannelLimit);
        Assert.Single(harness.Send(new CallFailed(calls[0].Call, CallFailure.NoAnswer)).Of<Originate>());
    }

    [Fact]
    public void Fixed_ratio_subtracts_calls_already_dialling()
    {
        var harness = Predictive(0.5);
        harness.Online(1);

        var commands = harness.Online(2);

        Assert.Equal(2, commands.Of<Originate>().Count);
        Assert.Equal(4, harness.Dialer.CallsInProgress);
    }

    [Fact]
    public void Predictive_dials_nothing_while_no_operator_is_online()
    {
        var harness = Predictive();

        Assert.Empty(harness.AddRecords(5, firstId: 100).Of<Originate>());
        Assert.Empty(harness.AdvanceSeconds(60).Of<Originate>());
    }

    [Fact]
    public void Answered_call_goes_to_the_operator_free_longest()
    {
        var harness = Predictive(1.0);
        harness.Online(1);
        harness.AdvanceSeconds(5);
        harness.Online(2);
        var calls = harness.All.Of<Originate>();

        var connect = harness.Send(new CallAnswered(calls[1].Call, AnsweredBy.Live)).Single<ConnectCall>();

        Assert.Equal(new OperatorId(1), connect.Operator);
    }

    [Fact]
    public void Live_answer_with_nobody_free_for_two_seconds_gets_the_abandon_message()
    {
        var harness = Predictive(0.5);
        var calls = harness.Online(1).Of<Originate>();
        harness.Send(new CallAnswered(calls[0].Call, AnsweredBy.Live));

        var waiting = harness.Send(new CallAnswered(calls[1].Call, AnsweredBy.Live));
        var before = harness.AdvanceSeconds(1.9);
        var at = harness.AdvanceSeconds(0.1);

        Assert.Empty(waiting.Of<PlayAbandonMessageAndHangUp>());
        Assert.Empty(before.Of<PlayAbandonMessageAndHangUp>());
        Assert.Equal(calls[1].Call, at.Single<PlayAbandonMessageAndHangUp>().Call);
        var record = harness.RecordOf(calls[1].Record.Value);
        Assert.Equal(RecordState.Abandoned, record.State);
        Assert.Equal(DialerHarness.Monday9am.AddSeconds(2).AddHours(72), record.LockedOutUntil);
    }

    [Fact]
    public void Waiting_answer_connects_when_an_operator_frees_within_two_seconds()
    {
        var harness = Predictive(0.5);
        var calls = harness.Online(1).Of<Originate>();
        var first = harness.Send(new CallAnswered(calls[0].Call, AnsweredBy.Live)).Single<ConnectCall>();
        harness.Send(new CallAnswered(calls[1].Call, AnsweredBy.Live));
        harness.AdvanceSeconds(1);
        harness.Send(new CallEnded(calls[0].Call));

        var commands = harness.Send(new SessionCompleted(first.Session, OperatorResult.Success));

        Assert.Equal(calls[1].Call, commands.Single<ConnectCall>().Call);
        Assert.Empty(harness.AdvanceSeconds(5).Of<PlayAbandonMessageAndHangUp>());
    }

    [Fact]
    public void Person_hanging_up_while_waiting_is_cancelled_by_client()
    {
        var harness = Predictive(0.5);
        var calls = harness.Online(1).Of<Originate>();
        harness.Send(new CallAnswered(calls[0].Call, AnsweredBy.Live));
        harness.Send(new CallAnswered(calls[1].Call, AnsweredBy.Live));
        harness.AdvanceSeconds(1);

        var commands = harness.Send(new CallEnded(calls[1].Call));

        Assert.Empty(commands.Of<PlayAbandonMessageAndHangUp>());
        Assert.Equal(RecordState.CancelledByClient, harness.RecordOf(calls[1].Record.Value).State);
    }

    [Fact]
    public void Abandoned_record_is_not_dialled_again_before_its_lockout_ends()
    {
        var settings = DialerHarness.Settings(DialingMode.Predictive) with
        {
            ConfiguredPickupRate = new PickupRate(1.0),
            RetryDelay = TimeSpan.FromMinutes(1),
        };
        var harness = new DialerHarness(settings);
        harness.AddRecords(1);
        harness.Online(1);
        var call = harness.All.Single<Originate>().Call;
        harness.Send(new OperatorPresenceChanged(new OperatorId(1), OperatorPresence.OnBreak));
        harness.Send(new CallAnswered(call, AnsweredBy.Live));
        harness.AdvanceSeconds(2);
        harness.Online(1);

        Assert.Empty(harness.Advance(TimeSpan.FromHours(71)).Of<Originate>());
        var status = harness.Dialer.WhyWaiting(new RecordId(1));
        Assert.Equal(WaitReason.Lockout, status.Reason);
        Assert.Single(harness.Advance(TimeSpan.FromHours(1)).Of<Originate>());
    }

    [Fact]
    public void Machine_answer_is_hung_up_and_retried_after_the_retry_delay()
    {
        var harness = Predictive(1.0);
        var call = harness.Online(1).Single<Originate>();

        var commands = harness.Send(new CallAnswered(call.Call, AnsweredBy.Machine));

        Assert.Equal(call.Call, commands.Single<HangUp>().Call);
        var record = harness.RecordOf(call.Record.Value);
        Assert.Equal(RecordState.RetryScheduled, record.State);
        Assert.Equal(DialResult.AnsweringMachine, record.LastDialResult);
        Assert.Equal(DialerHarness.Monday9am.AddHours(1), record.NextAttemptAt);
    }

    [Fact]
    public void Operator_on_a_call_who_goes_offline_stays_until_the_session_ends()
    {
        var harness = Predictive(1.0);
        var call = harness.Online(1).Single<Originate>();
        var session = harness.Send(new CallAnswered(call.Call, AnsweredBy.Live)).Single<ConnectCall>().Session;

        harness.Send(new OperatorPresenceChanged(new OperatorId(1), OperatorPresence.Offline));
        Assert.Equal(OperatorActivity.Talking, harness.Dialer.ActivityOf(new OperatorId(1)));
        harness.Send(new CallEnded(call.Call));
        var commands = harness.Send(new SessionCompleted(session, OperatorResult.Success));

        Assert.Equal(OperatorActivity.Offline, harness.Dialer.ActivityOf(new OperatorId(1)));
        Assert.Empty(commands.Of<Originate>());
    }
}
