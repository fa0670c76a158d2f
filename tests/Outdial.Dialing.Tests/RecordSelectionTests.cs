namespace Outdial.Dialing.Tests;

public sealed class RecordSelectionTests
{
    private static readonly OperatorId Operator = new(1);

    private static DialerHarness Progressive(Func<CampaignSettings, CampaignSettings>? change = null, IBlacklist? blacklist = null)
    {
        var settings = DialerHarness.Settings(DialingMode.Progressive);
        return new DialerHarness(change?.Invoke(settings) ?? settings, blacklist);
    }

    /// <summary>Dials one record, fails it with no answer, and returns the dialled record.</summary>
    private static RecordId DialAndFail(DialerHarness harness, IEnumerable<DialerCommand> commands)
    {
        var originate = commands.Single<Originate>();
        harness.Send(new OperatorPresenceChanged(Operator, OperatorPresence.OnBreak));
        harness.Send(new CallFailed(originate.Call, CallFailure.NoAnswer));
        return originate.Record;
    }

    [Fact]
    public void Records_are_dialled_by_next_attempt_time_then_by_record_order()
    {
        var harness = Progressive();
        var start = DialerHarness.Monday9am;
        harness.Send(new RecordsAdded([
            DialerHarness.Record(1) with { NextAttemptAt = start.AddMinutes(5) },
            DialerHarness.Record(2),
            DialerHarness.Record(3) with { NextAttemptAt = start.AddMinutes(-5) },
        ]));

        var first = DialAndFail(harness, harness.Online(1));
        var second = DialAndFail(harness, harness.Online(1));
        harness.AdvanceSeconds(600);
        var third = DialAndFail(harness, harness.Online(1));

        Assert.Equal([new RecordId(3), new RecordId(2), new RecordId(1)], new[] { first, second, third });
    }

    [Fact]
    public void Due_callback_is_dialled_before_records_that_were_due_earlier()
    {
        var harness = Progressive();
        var start = DialerHarness.Monday9am;
        harness.Send(new RecordsAdded([
            DialerHarness.Record(1) with { NextAttemptAt = start.AddHours(-2) },
            DialerHarness.Record(2) with { Attempts = 1, CallbackAt = start.AddMinutes(-1) },
        ]));

        Assert.Equal(new RecordId(2), harness.Online(1).Single<Originate>().Record);
    }

    [Fact]
    public void Callback_chosen_by_the_operator_is_dialled_at_its_time()
    {
        var harness = Progressive();
        harness.AddRecords(1);
        var call = harness.Online(1).Single<Originate>();
        var session = harness.Send(new CallAnswered(call.Call, AnsweredBy.Live)).Single<ConnectCall>().Session;
        harness.Send(new CallEnded(call.Call));
        var at = DialerHarness.Monday9am.AddHours(3);

        harness.Send(new SessionCompleted(session, OperatorResult.Callback(at)));

        Assert.Equal(new WaitStatus(WaitReason.Callback, at), harness.Dialer.WhyWaiting(call.Record));
        Assert.Empty(harness.Advance(TimeSpan.FromHours(3) - TimeSpan.FromSeconds(1)).Of<Originate>());
        Assert.Single(harness.AdvanceSeconds(1).Of<Originate>());
    }

    [Fact]
    public void Record_outside_calling_hours_waits_for_the_window_in_the_contacts_own_zone()
    {
        // 09:00 UTC is 04:00 in New York: too early there, fine in Prague (10:00).
        var harness = Progressive(s => s with { CallingWindow = CallingWindow.UsDefault });
        harness.Send(new RecordsAdded([DialerHarness.Record(1, "America/New_York"), DialerHarness.Record(2, "Europe/Prague")]));

        var commands = harness.Online(1);

        Assert.Equal(new RecordId(2), commands.Single<Originate>().Record);
        var expectedOpening = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal(new WaitStatus(WaitReason.CallingHours, expectedOpening), harness.Dialer.WhyWaiting(new RecordId(1)));
    }

    [Fact]
    public void Record_waiting_for_calling_hours_is_dialled_when_its_window_opens()
    {
        var harness = Progressive(s => s with { CallingWindow = CallingWindow.UsDefault });
        harness.Send(new RecordsAdded([DialerHarness.Record(1, "America/New_York")]));
        Assert.Empty(harness.Online(1).Of<Originate>());

        Assert.Empty(harness.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1)).Of<Originate>());
        Assert.Single(harness.AdvanceSeconds(1).Of<Originate>());
    }

    [Theory]
    [InlineData(DialingMode.Progressive)]
    [InlineData(DialingMode.Predictive)]
    [InlineData(DialingMode.Preview)]
    public void Records_put_off_by_closed_calling_hours_are_taken_at_once_when_the_supervisor_opens_them(DialingMode mode)
    {
        // 09:00 UTC is 04:00 in New York: the records are put off to 08:00 there while an operator is free.
        var closed = DialerHarness.Settings(mode) with { CallingWindow = CallingWindow.UsDefault };
        var harness = new DialerHarness(closed);
        harness.Send(new RecordsAdded([DialerHarness.Record(1, "America/New_York"), DialerHarness.Record(2, "America/New_York")]));
        Assert.Empty(harness.Online(1));
        Assert.Equal(WaitReason.CallingHours, harness.Dialer.WhyWaiting(new RecordId(1)).Reason);

        var opened = harness.Send(new SettingsChanged(closed with { CallingWindow = new CallingWindow(new TimeOnly(0, 0), new TimeOnly(23, 59)) }));

        var first = mode == DialingMode.Preview ? opened.Single<OfferSession>().Record : opened.Of<Originate>()[0].Record;
        Assert.Equal(new RecordId(1), first);
        // Predictive dials it too (two lines per free operator at 50 %); the others wait for an operator.
        Assert.Equal(mode == DialingMode.Predictive ? WaitReason.InProgress : WaitReason.NoFreeOperator, harness.Dialer.WhyWaiting(new RecordId(2)).Reason);
    }

    [Fact]
    public void Record_is_not_dialled_beyond_the_maximum_attempts()
    {
        var harness = Progressive(s => s with { MaxAttempts = 2, RetryDelay = TimeSpan.FromMinutes(10) });
        harness.AddRecords(1);

        DialAndFail(harness, harness.Online(1));
        harness.AdvanceSeconds(600);
        DialAndFail(harness, harness.Online(1));
        var later = harness.Advance(TimeSpan.FromHours(5));

        Assert.Empty(later.Of<Originate>());
        Assert.Equal(2, harness.RecordOf(1).Attempts);
        Assert.Equal(RecordState.Failed, harness.RecordOf(1).State);
    }

    [Fact]
    public void Blacklisted_number_is_never_dialled_and_the_record_says_so()
    {
        var blacklist = new InMemoryBlacklist([DialerHarness.Record(1).Phone!]);
        var harness = Progressive(blacklist: blacklist);
        harness.AddRecords(2);

        var commands = harness.Online(1);

        Assert.Equal(new RecordId(2), commands.Single<Originate>().Record);
        Assert.Equal(RecordState.Blacklisted, harness.RecordOf(1).State);
        Assert.Equal(0, harness.RecordOf(1).Attempts);
    }

    [Fact]
    public void Record_without_a_usable_number_is_an_invalid_record()
    {
        var harness = Progressive();

        harness.Send(new RecordsAdded([new NewRecord(new RecordId(1), Phone: null)]));

        Assert.Equal(RecordState.InvalidRecord, harness.RecordOf(1).State);
        Assert.Empty(harness.Online(1).Of<Originate>());
    }

    [Fact]
    public void Invalid_number_reported_by_the_network_finishes_the_record()
    {
        var harness = Progressive();
        harness.AddRecords(1);
        var call = harness.Online(1).Single<Originate>();

        harness.Send(new CallFailed(call.Call, CallFailure.InvalidNumber));

        Assert.Equal(RecordState.InvalidRecord, harness.RecordOf(1).State);
    }

    [Fact]
    public void Paused_campaign_dials_nothing_and_every_waiting_record_says_why()
    {
        var harness = Progressive();
        harness.AddRecords(3);
        harness.Send(new CampaignPaused());

        Assert.Empty(harness.Online(1, 2).Of<Originate>());
        Assert.Equal(WaitReason.CampaignPaused, harness.Dialer.WhyWaiting(new RecordId(1)).Reason);
        Assert.Equal(2, harness.Send(new CampaignResumed()).Of<Originate>().Count);
    }

    [Fact]
    public void Waiting_record_says_when_its_retry_delay_ends()
    {
        var harness = Progressive(s => s with { RetryDelay = TimeSpan.FromMinutes(30) });
        harness.AddRecords(1);

        var record = DialAndFail(harness, harness.Online(1));

        Assert.Equal(new WaitStatus(WaitReason.RetryDelay, DialerHarness.Monday9am.AddMinutes(30)), harness.Dialer.WhyWaiting(record));
    }

    [Fact]
    public void Due_record_without_a_free_operator_says_so()
    {
        var harness = Progressive();
        harness.AddRecords(2);
        harness.Online(1);

        Assert.Equal(new WaitStatus(WaitReason.NoFreeOperator), harness.Dialer.WhyWaiting(new RecordId(2)));
        Assert.Equal(WaitReason.InProgress, harness.Dialer.WhyWaiting(new RecordId(1)).Reason);
    }

    [Fact]
    public void Cancelled_waiting_record_is_cancelled_by_admin_and_not_dialled()
    {
        var harness = Progressive();
        harness.AddRecords(1);

        harness.Send(new RecordCancelled(new RecordId(1)));

        Assert.Equal(RecordState.CancelledByAdmin, harness.RecordOf(1).State);
        Assert.Empty(harness.Online(1).Of<Originate>());
    }

    [Fact]
    public void Record_change_is_returned_before_the_call_is_originated()
    {
        var harness = Progressive();
        harness.AddRecords(1);

        var commands = harness.Online(1);

        var changed = commands.ToList().FindIndex(c => c is RecordChanged { Record.State: RecordState.Calling, Record.Attempts: 1 });
        var originated = commands.ToList().FindIndex(c => c is Originate);
        Assert.InRange(changed, 0, originated - 1);
    }
}
