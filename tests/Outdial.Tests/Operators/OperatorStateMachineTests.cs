using Outdial.Operators;

namespace Outdial.Tests.Operators;

public sealed class OperatorStateMachineTests
{
    /// <summary>Every allowed change, written out independently of the implementation's table.</summary>
    private static readonly HashSet<(StateChangeSource, OperatorState, OperatorState)> Allowed =
    [
        (StateChangeSource.Operator, OperatorState.Offline, OperatorState.Online),
        (StateChangeSource.Operator, OperatorState.Offline, OperatorState.Break),
        (StateChangeSource.Operator, OperatorState.Online, OperatorState.Break),
        (StateChangeSource.Operator, OperatorState.Online, OperatorState.Offline),
        (StateChangeSource.Operator, OperatorState.Break, OperatorState.Online),
        (StateChangeSource.Operator, OperatorState.Break, OperatorState.Break),
        (StateChangeSource.Operator, OperatorState.Break, OperatorState.Offline),
        (StateChangeSource.Operator, OperatorState.Acw, OperatorState.Online),
        (StateChangeSource.Operator, OperatorState.Acw, OperatorState.Break),
        (StateChangeSource.Operator, OperatorState.Acw, OperatorState.Offline),
        (StateChangeSource.Dialer, OperatorState.Online, OperatorState.Bcw),
        (StateChangeSource.Dialer, OperatorState.Online, OperatorState.OnCall),
        (StateChangeSource.Dialer, OperatorState.Bcw, OperatorState.OnCall),
        (StateChangeSource.Dialer, OperatorState.Bcw, OperatorState.Online),
        (StateChangeSource.Dialer, OperatorState.OnCall, OperatorState.Acw),
        (StateChangeSource.Dialer, OperatorState.Acw, OperatorState.Online),

        // The desk can move on within one engine event: a failed dial straight to wrap-up or back
        // to free, a waiting call connected the moment wrap-up ends.
        (StateChangeSource.Dialer, OperatorState.Online, OperatorState.Acw),
        (StateChangeSource.Dialer, OperatorState.Bcw, OperatorState.Acw),
        (StateChangeSource.Dialer, OperatorState.OnCall, OperatorState.Online),
        (StateChangeSource.Dialer, OperatorState.Acw, OperatorState.Bcw),
        (StateChangeSource.Dialer, OperatorState.Acw, OperatorState.OnCall),
        (StateChangeSource.System, OperatorState.Online, OperatorState.Offline),
        (StateChangeSource.System, OperatorState.Break, OperatorState.Offline),
        (StateChangeSource.System, OperatorState.Bcw, OperatorState.Offline),
        (StateChangeSource.System, OperatorState.Acw, OperatorState.Offline),
    ];

    public static TheoryData<StateChangeSource, OperatorState, OperatorState> EveryChange()
    {
        var data = new TheoryData<StateChangeSource, OperatorState, OperatorState>();
        foreach (var source in Enum.GetValues<StateChangeSource>())
        {
            foreach (var from in Enum.GetValues<OperatorState>())
            {
                foreach (var to in Enum.GetValues<OperatorState>())
                {
                    data.Add(source, from, to);
                }
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(EveryChange))]
    public void A_change_is_allowed_exactly_when_the_table_says_so(StateChangeSource source, OperatorState from, OperatorState to) =>
        Assert.Equal(Allowed.Contains((source, from, to)), OperatorStateMachine.CanChange(from, to, source));

    [Theory]
    [InlineData(OperatorState.Bcw)]
    [InlineData(OperatorState.OnCall)]
    [InlineData(OperatorState.Acw)]
    public void An_operator_cannot_choose_a_dialer_state(OperatorState state)
    {
        var status = new OperatorStatus(Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        status.Change(OperatorState.Online, StateChangeSource.Operator, null, DateTimeOffset.UnixEpoch);

        var problem = Assert.Throws<ConflictProblem>(() => status.Change(state, StateChangeSource.Operator, null, DateTimeOffset.UnixEpoch));

        Assert.Contains("Online", problem.Message);
        Assert.Equal(OperatorState.Online, status.State);
    }

    [Fact]
    public void A_break_needs_a_reason()
    {
        var status = new OperatorStatus(Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        var problem = Assert.Throws<InvalidInputProblem>(() => status.Change(OperatorState.Break, StateChangeSource.Operator, null, DateTimeOffset.UnixEpoch));

        Assert.Contains("breakTypeId", problem.Errors.Keys);
    }

    [Fact]
    public void A_change_records_the_interval_it_closes_and_time_adds_up_per_state()
    {
        var start = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        var status = new OperatorStatus(Guid.NewGuid(), start);
        var lunch = Guid.NewGuid();
        var changes = new[]
        {
            status.Change(OperatorState.Online, StateChangeSource.Operator, null, start.AddMinutes(10)),
            status.Change(OperatorState.OnCall, StateChangeSource.Dialer, null, start.AddMinutes(15)),
            status.Change(OperatorState.Acw, StateChangeSource.Dialer, null, start.AddMinutes(20)),
            status.Change(OperatorState.Break, StateChangeSource.Operator, lunch, start.AddMinutes(21)),
        };

        var totals = TimeInState.Sum(changes, status, start, start.AddDays(1), start.AddMinutes(51));

        Assert.Equal(TimeSpan.FromMinutes(10), totals[OperatorState.Offline]);
        Assert.Equal(TimeSpan.FromMinutes(5), totals[OperatorState.Online]);
        Assert.Equal(TimeSpan.FromMinutes(5), totals[OperatorState.OnCall]);
        Assert.Equal(TimeSpan.FromMinutes(1), totals[OperatorState.Acw]);
        Assert.Equal(TimeSpan.FromMinutes(30), totals[OperatorState.Break]);
        Assert.Equal(lunch, status.BreakTypeId);
    }

    [Fact]
    public void Time_in_state_is_clipped_to_the_day()
    {
        var midnight = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var status = new OperatorStatus(Guid.NewGuid(), midnight.AddHours(-2));
        var change = status.Change(OperatorState.Online, StateChangeSource.Operator, null, midnight.AddHours(1));

        var totals = TimeInState.Sum([change], status, midnight, midnight.AddDays(1), midnight.AddDays(2));

        Assert.Equal(TimeSpan.FromHours(1), totals[OperatorState.Offline]);
        Assert.Equal(TimeSpan.FromHours(23), totals[OperatorState.Online]);
    }
}
