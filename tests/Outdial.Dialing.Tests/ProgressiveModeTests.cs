namespace Outdial.Dialing.Tests;

public sealed class ProgressiveModeTests
{
    private readonly DialerHarness _harness = new(DialerHarness.Settings(DialingMode.Progressive));

    [Fact]
    public void Progressive_dials_one_call_per_free_operator()
    {
        _harness.AddRecords(10);

        var commands = _harness.Online(1, 2, 3);

        Assert.Equal(3, commands.Of<Originate>().Count);
        Assert.Empty(_harness.AdvanceSeconds(30).Of<Originate>());
    }

    [Fact]
    public void Progressive_holds_no_more_calls_than_the_trunks_have_channels()
    {
        var harness = new DialerHarness(DialerHarness.Settings(DialingMode.Progressive) with { ChannelLimit = 2 });
        harness.AddRecords(10);

        var calls = harness.Online(1, 2, 3).Of<Originate>();
        Assert.Equal(2, calls.Count);

        // A channel comes free: the waiting operator's call is placed.
        Assert.Single(harness.Send(new CallFailed(calls[0].Call, CallFailure.Busy)).Of<Originate>());
    }

    [Fact]
    public void Progressive_connects_an_answer_to_the_operator_it_was_dialled_for()
    {
        _harness.AddRecords(10);
        var calls = _harness.Online(1, 2).Of<Originate>();

        var connect = _harness.Send(new CallAnswered(calls[1].Call, AnsweredBy.Live)).Single<ConnectCall>();

        Assert.Equal(new OperatorId(2), connect.Operator);
    }

    [Fact]
    public void Progressive_dials_again_for_an_operator_whose_call_failed()
    {
        _harness.AddRecords(10);
        var call = _harness.Online(1).Single<Originate>();

        var commands = _harness.Send(new CallFailed(call.Call, CallFailure.NoAnswer));

        Assert.Single(commands.Of<Originate>());
    }

    [Fact]
    public void Progressive_never_abandons_even_when_the_operator_tries_to_leave_during_the_dial()
    {
        _harness.AddRecords(10);
        var call = _harness.Online(1).Single<Originate>();
        _harness.Send(new OperatorPresenceChanged(new OperatorId(1), OperatorPresence.OnBreak));

        var commands = _harness.Send(new CallAnswered(call.Call, AnsweredBy.Live));
        commands = [.. commands, .. _harness.AdvanceSeconds(10)];

        Assert.Empty(commands.Of<PlayAbandonMessageAndHangUp>());
        Assert.Equal(new OperatorId(1), commands.Single<ConnectCall>().Operator);
    }
}
