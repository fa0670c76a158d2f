using Outdial.Dialing.Pacing;
using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Pacing;

public sealed class PacingPolicyTests
{
    private static readonly DateTimeOffset Start = PacingSimulator.ShiftStart;

    private static PacingSnapshot At(double seconds, int loggedIn, int free, int dialling = 0, int waiting = 0, int talking = 0, int wrapUp = 0) =>
        new(Start.AddSeconds(seconds), loggedIn, free, dialling, waiting, talking, wrapUp, new PickupRate(0.5));

    [Fact]
    public void Vicidial_keeps_level_times_active_operators_minus_calls_in_progress()
    {
        var policy = new VicidialPacing(Start, TimeSpan.FromHours(8), initialLevel: 2);

        // 10 logged in, 2 of them wrapping up: 8 can take calls; 4 dialling + 5 talking in progress.
        var calls = policy.CallsToStart(At(0, loggedIn: 10, free: 3, dialling: 4, talking: 5, wrapUp: 2));

        Assert.Equal(7, calls);
    }

    [Fact]
    public void Vicidial_level_rises_while_operators_stand_ready()
    {
        var policy = new VicidialPacing(Start, TimeSpan.FromHours(8), initialLevel: 1);
        policy.CallsToStart(At(0, loggedIn: 10, free: 5));

        policy.CallsToStart(At(15, loggedIn: 10, free: 5));

        // m = (5 − 0 + 0) ÷ 10 = 0.5 → level 1.5.
        Assert.Equal(1.5, policy.Level, precision: 9);
        Assert.Equal(Start.AddSeconds(30), policy.NextReviewAt);
    }

    [Fact]
    public void Vicidial_level_halves_when_most_live_answers_in_the_last_minute_were_dropped()
    {
        // A drop target of 100 % keeps the day's taper out of the way.
        var policy = new VicidialPacing(Start, TimeSpan.FromHours(8), initialLevel: 3, dropTarget: 1.0);
        policy.CallsToStart(At(0, loggedIn: 10, free: 0, talking: 10));
        for (var i = 0; i < 30; i++)
        {
            policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, Start.AddSeconds(1 + (i * 0.4)), new CallId(i)));
            if (i < 20)
            {
                policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, Start.AddSeconds(3 + (i * 0.4)), new CallId(i)));
            }
        }

        policy.CallsToStart(At(15, loggedIn: 10, free: 0, talking: 10));

        Assert.Equal(1.5, policy.Level, precision: 9);
    }

    [Fact]
    public void Vicidial_level_falls_when_the_days_drop_rate_runs_over_the_taper()
    {
        var policy = new VicidialPacing(Start, TimeSpan.FromHours(8), initialLevel: 2);
        for (var i = 0; i < 10; i++)
        {
            policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, Start.AddSeconds(i), new CallId(i)));
        }

        policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, Start.AddSeconds(9), new CallId(9)));
        policy.CallsToStart(At(0, loggedIn: 10, free: 5));

        policy.CallsToStart(At(15, loggedIn: 10, free: 5));

        Assert.True(policy.Level < 2, $"level {policy.Level}");
    }

    [Fact]
    public void Fixed_ratio_follows_a_changed_configured_pickup_rate()
    {
        var harness = new DialerHarness(DialerHarness.Settings(DialingMode.Predictive) with { ConfiguredPickupRate = new PickupRate(1.0) });
        harness.AddRecords(20);
        Assert.Single(harness.Online(1).Of<Originate>());

        var commands = harness.Send(new SettingsChanged(harness.Dialer.Settings with { ConfiguredPickupRate = new PickupRate(0.25) }));

        Assert.Equal(3, commands.Of<Originate>().Count);
    }
}
