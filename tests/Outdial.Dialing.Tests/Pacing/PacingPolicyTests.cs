using Outdial.Dialing.Pacing;
using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Pacing;

public sealed class PacingPolicyTests
{
    private static readonly DateTimeOffset Start = PacingSimulator.ShiftStart;

    private static PacingSnapshot At(double seconds, int loggedIn, int free, int dialling = 0, int waiting = 0, int talking = 0, int wrapUp = 0) =>
        new(Start.AddSeconds(seconds), loggedIn, free, dialling, waiting, talking, wrapUp, new PickupRate(0.5));

    /// <summary>Dials, live answers and drops, spread over the first seconds after <paramref name="from"/>.</summary>
    private static void Feed(VicidialPacing policy, DateTimeOffset from, int dials, int answers, int drops)
    {
        // The policy has read the (empty) drop figures at 1 s; what follows happens after.
        policy.CallsToStart(Busy(from, 1.5));
        for (var i = 0; i < dials; i++)
        {
            policy.Observe(new PacingObservation(PacingObservationKind.Dialled, from.AddSeconds(2 + (i * 0.1)), new CallId(i)));
        }

        for (var i = 0; i < answers; i++)
        {
            policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, from.AddSeconds(20 + (i * 0.1)), new CallId(i)));
        }

        for (var i = 0; i < drops; i++)
        {
            policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, from.AddSeconds(25 + (i * 0.1)), new CallId(i)));
        }
    }

    /// <summary>Nobody ready, nobody waiting: the 15-second rule leaves the level alone, only the drop rules move it.</summary>
    private static PacingSnapshot Busy(DateTimeOffset from, double seconds) =>
        new(from.AddSeconds(seconds), LoggedIn: 10, Free: 0, Dialling: 0, WaitingForOperator: 0, Talking: 10, WrapUp: 0, new PickupRate(0.5));

    [Fact]
    public void Vicidial_keeps_level_times_active_operators_minus_calls_in_progress()
    {
        var policy = new VicidialPacing(Start, initialLevel: 2);

        // 10 logged in, 2 of them wrapping up: 8 can take calls; 4 dialling + 5 talking in progress.
        var calls = policy.CallsToStart(At(0, loggedIn: 10, free: 3, dialling: 4, talking: 5, wrapUp: 2));

        Assert.Equal(7, calls);
    }

    [Fact]
    public void Vicidial_level_rises_while_operators_stand_ready()
    {
        var policy = new VicidialPacing(Start, initialLevel: 1);
        policy.CallsToStart(At(0, loggedIn: 10, free: 5));

        policy.CallsToStart(At(15, loggedIn: 10, free: 5));

        // m = (5 − 0 + 0) ÷ 10 = 0.5 → level 1.5.
        Assert.Equal(1.5, policy.Level, precision: 9);
        Assert.Equal(Start.AddSeconds(30), policy.NextReviewAt);
    }

    [Fact]
    public void Vicidial_divides_by_every_operator_logged_in_and_dials_only_for_those_who_can_take_a_call()
    {
        var policy = new VicidialPacing(Start, initialLevel: 1);
        policy.CallsToStart(At(0, loggedIn: 10, free: 5, wrapUp: 5));

        var calls = policy.CallsToStart(At(15, loggedIn: 10, free: 5, wrapUp: 5));

        // m = 5 ÷ 10 (not ÷ 5): level 1.5; lines for the 5 not wrapping up: round(7.5) = 8.
        Assert.Equal(1.5, policy.Level, precision: 9);
        Assert.Equal(8, calls);
    }

    [Fact]
    public void Vicidial_level_halves_when_over_half_of_more_than_20_calls_in_the_last_minute_dropped()
    {
        // A drop target of 100 % keeps the day's taper out of the way.
        var policy = new VicidialPacing(Start, initialLevel: 3, dropTarget: 1.0);
        policy.CallsToStart(Busy(Start, 0));
        Feed(policy, Start, dials: 30, answers: 30, drops: 20);

        // The drop figures are read once a minute (at 1 s, then 61 s): the 60-s update still sees none.
        policy.CallsToStart(Busy(Start, 60));
        Assert.Equal(3, policy.Level, precision: 9);

        policy.CallsToStart(Busy(Start, 75));
        Assert.Equal(1.5, policy.Level, precision: 9);
    }

    [Fact]
    public void Vicidial_halving_counts_drops_against_calls_placed_not_against_answers()
    {
        // 20 of 30 live answers dropped, but only 20 % of the 100 calls placed.
        Assert.Equal(3, LevelAfterAMinute(Start, initialLevel: 3, dials: 100, answers: 30, drops: 20, dropTarget: 1.0), precision: 9);
    }

    [Fact]
    public void Vicidial_does_not_taper_while_more_than_ten_hours_remain_before_the_latest_target()
    {
        // 08:00, target 21:00: 1300 "hours" left, the rate is capped at 1, so 10 % drops change nothing.
        Assert.Equal(2, LevelAfterAMinute(Start, initialLevel: 2, dials: 100, answers: 10, drops: 1), precision: 9);
    }

    [Fact]
    public void Vicidial_tapers_by_the_hours_left_until_the_latest_target_when_the_day_runs_over()
    {
        // At 14:01:15, 2100 − 1401 = 699 → × 0.699.
        Assert.Equal(2 * 0.699, LevelAfterAMinute(Start.Date.AddHours(14), initialLevel: 2, dials: 100, answers: 10, drops: 1), precision: 9);
    }

    [Fact]
    public void Vicidial_taper_waits_for_more_than_50_calls_and_a_day_over_the_target()
    {
        var afternoon = Start.Date.AddHours(14);

        Assert.Equal(2, LevelAfterAMinute(afternoon, initialLevel: 2, dials: 50, answers: 10, drops: 1), precision: 9);
        Assert.Equal(2, LevelAfterAMinute(afternoon, initialLevel: 2, dials: 100, answers: 40, drops: 1), precision: 9);
    }

    [Fact]
    public void Vicidial_goes_back_to_level_1_once_the_latest_target_has_passed_over_the_target()
    {
        Assert.Equal(1, LevelAfterAMinute(Start.Date.AddHours(21).AddMinutes(30), initialLevel: 3, dials: 100, answers: 10, drops: 1), precision: 9);
    }

    /// <summary>
    /// The level at the first review that sees the drop figures (75 s) after these dials, answers
    /// and drops, with nobody ready or waiting (so only the drop rules move it).
    /// </summary>
    private static double LevelAfterAMinute(DateTimeOffset start, double initialLevel, int dials, int answers, int drops, double dropTarget = 0.03)
    {
        var policy = new VicidialPacing(start, initialLevel, dropTarget: dropTarget);
        policy.CallsToStart(Busy(start, 0));
        Feed(policy, start, dials, answers, drops);
        policy.CallsToStart(Busy(start, 75));
        return policy.Level;
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
