using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class PacingSimulatorTests
{
    /// <summary>1 operator, everyone answers after exactly 10 s, talks 100 s; wrap-up 20 s; one hour.</summary>
    private const string HandArithmetic = """
        {
          "operators": 1, "hours": 1,
          "pickupRate": 1.0, "busyRate": 0, "invalidRate": 0,
          "ringSeconds": { "dist": "fixed", "value": 10 },
          "talkSeconds": { "dist": "fixed", "value": 100 },
          "wrapUpSeconds": { "dist": "fixed", "value": 20 }
        }
        """;

    private const string Busy = """
        { "operators": 20, "hours": 2, "pickupRate": 0.3, "configuredPickupRate": 0.3,
          "talkSeconds": { "dist": "lognormal", "mean": 120, "sd": 80 } }
        """;

    [Fact]
    public void Progressive_simulation_matches_hand_arithmetic()
    {
        // Each cycle is 10 s ringing + 100 s talk + 20 s wrap-up = 130 s. 27 cycles end at 3510 s;
        // the 28th call is answered at 3520 s and talks 80 s until the hour ends.
        var result = PacingSimulator.Run(Scenario.Parse(HandArithmetic), SimulationPolicy.Parse("progressive"), seed: 1);

        Assert.Equal(28, result.Dials);
        Assert.Equal(28, result.LiveAnswers);
        Assert.Equal(0, result.Abandoned);
        Assert.Equal(2780.0 / 3600, result.TalkFraction, precision: 9);
        Assert.Equal((2780.0 + (27 * 20)) / 3600, result.Occupancy, precision: 9);
        Assert.Equal(28, result.ContactsPerOperatorHour, precision: 9);
        Assert.Equal(10, result.IdleWaitMeanSeconds, precision: 9);
        Assert.Equal(10, result.IdleWaitP95Seconds, precision: 9);
    }

    [Fact]
    public void Oracle_places_each_call_so_that_it_is_answered_as_the_operator_frees()
    {
        // The oracle dials 10 s before the operator is free: answers at 10 s, 130 s, … 3490 s,
        // 30 calls of 100 s talk, and only the first call leaves the operator waiting (10 s).
        var result = PacingSimulator.Run(Scenario.Parse(HandArithmetic), SimulationPolicy.Parse("oracle"), seed: 1);

        Assert.Equal(30, result.Dials);
        Assert.Equal(3000.0 / 3600, result.TalkFraction, precision: 9);
        Assert.Equal(10.0 / 30, result.IdleWaitMeanSeconds, precision: 9);
        Assert.Equal(0, result.Abandoned);
    }

    [Fact]
    public void Pickup_change_mid_shift_applies_from_its_minute()
    {
        // Dials go out every 130 s; 14 of them (at 0 … 1690 s) fall before minute 30.
        var scenario = Scenario.Parse(HandArithmetic.Replace("\"hours\": 1,", "\"hours\": 1, \"changes\": [ { \"atMinute\": 30, \"pickupRate\": 0 } ],"));

        var result = PacingSimulator.Run(scenario, SimulationPolicy.Parse("progressive"), seed: 1);

        Assert.Equal(14, result.LiveAnswers);
        Assert.True(result.Dials > 14);
    }

    [Theory]
    [InlineData("progressive")]
    [InlineData("fixed")]
    [InlineData("vicidial")]
    [InlineData("oracle")]
    public void Same_seed_gives_the_same_result_byte_for_byte(string policy)
    {
        var scenario = Scenario.Parse(Busy);

        var first = PacingSimulator.Run(scenario, SimulationPolicy.Parse(policy), seed: 42).ToJson();
        var second = PacingSimulator.Run(scenario, SimulationPolicy.Parse(policy), seed: 42).ToJson();
        var other = PacingSimulator.Run(scenario, SimulationPolicy.Parse(policy), seed: 43).ToJson();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Output_has_exactly_the_fields_of_benchmarks_md()
    {
        var json = PacingSimulator.Run(Scenario.Parse(Busy), SimulationPolicy.Parse("fixed"), seed: 1).ToJson();

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(
            ["policy", "seed", "dials", "liveAnswers", "machineAnswers", "abandoned", "abandonRate", "maxAbandonRate24h",
             "talkFraction", "occupancy", "contactsPerOperatorHour", "idleWaitMeanSeconds", "idleWaitP95Seconds"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Progressive_never_abandons_and_fixed_ratio_does_when_it_overdials()
    {
        var scenario = Scenario.Parse(Busy.Replace("\"configuredPickupRate\": 0.3", "\"configuredPickupRate\": 0.15"));

        var progressive = PacingSimulator.Run(scenario, SimulationPolicy.Parse("progressive"), seed: 5);
        var overdialling = PacingSimulator.Run(scenario, SimulationPolicy.Parse("fixed"), seed: 5);

        Assert.Equal(0, progressive.Abandoned);
        Assert.True(overdialling.AbandonRate > 0.03, $"abandon rate {overdialling.AbandonRate}");
    }

    [Fact]
    public void Vicidial_climbs_while_operators_wait_and_its_taper_holds_the_day_just_over_the_target()
    {
        // ADAPT_TAPERED raises the level whenever operators stand ready and only cuts it once the
        // day's drop rate is over 3 %: it reaches the target from above, and stays there.
        var scenario = Scenario.Parse(Busy);

        foreach (var seed in new[] { 1, 2, 3, 4 })
        {
            var vicidial = PacingSimulator.Run(scenario, SimulationPolicy.Parse("vicidial"), seed);
            Assert.InRange(vicidial.AbandonRate, 0.03, 0.05);
        }
    }

    [Fact]
    public void Vicidial_abandons_more_the_more_answered_calls_its_diff_target_wants_waiting()
    {
        var scenario = Scenario.Parse(Busy);

        var cautious = PacingSimulator.Run(scenario, new SimulationPolicy("vicidial", -0.3), seed: 5);
        var bold = PacingSimulator.Run(scenario, new SimulationPolicy("vicidial", 0.3), seed: 5);

        // (Talk need not follow: the bolder one spends more of the day tapered back to level 1.)
        Assert.True(cautious.AbandonRate < bold.AbandonRate, $"{cautious.AbandonRate} ≥ {bold.AbandonRate}");
    }

    [Fact]
    public void Oracle_never_abandons_and_talks_more_than_every_real_policy()
    {
        var scenario = Scenario.Parse(Busy);

        var oracle = PacingSimulator.Run(scenario, SimulationPolicy.Parse("oracle"), seed: 3);

        Assert.Equal(0, oracle.Abandoned);
        foreach (var policy in new[] { "progressive", "fixed", "vicidial" })
        {
            var other = PacingSimulator.Run(scenario, SimulationPolicy.Parse(policy), seed: 3);
            Assert.True(oracle.TalkFraction > other.TalkFraction, $"{policy}: {other.TalkFraction} ≥ oracle {oracle.TalkFraction}");
        }
    }

    [Fact]
    public void Predictive_talks_more_than_progressive_when_its_pickup_guess_is_right()
    {
        var scenario = Scenario.Parse(Busy);

        var progressive = PacingSimulator.Run(scenario, SimulationPolicy.Parse("progressive"), seed: 9);
        var fixedRatio = PacingSimulator.Run(scenario, SimulationPolicy.Parse("fixed"), seed: 9);

        Assert.True(fixedRatio.TalkFraction > progressive.TalkFraction);
    }

    [Fact]
    public void Worst_24_hour_window_is_reported_for_runs_longer_than_a_day()
    {
        // 30 hours; the supervisor's pickup guess is half the truth for the first 6 hours only.
        var scenario = Scenario.Parse("""
            { "operators": 5, "hours": 30, "pickupRate": 0.3, "configuredPickupRate": 0.15,
              "changes": [ { "atMinute": 360, "configuredPickupRate": 1.0 } ] }
            """);

        var result = PacingSimulator.Run(scenario, SimulationPolicy.Parse("fixed"), seed: 2);

        Assert.True(result.MaxAbandonRate24h > result.AbandonRate, $"{result.MaxAbandonRate24h} ≤ {result.AbandonRate}");
    }

    [Fact]
    public void Shift_of_a_day_or_less_is_one_24_hour_window()
    {
        var result = PacingSimulator.Run(Scenario.Parse(Busy), SimulationPolicy.Parse("fixed"), seed: 2);

        Assert.True(result.AbandonRate > 0);
        Assert.Equal(result.AbandonRate, result.MaxAbandonRate24h, precision: 12);
    }

    [Fact]
    public void Several_seeds_report_mean_and_percentiles()
    {
        var summary = PacingSimulator.RunSeeds(Scenario.Parse(Busy), SimulationPolicy.Parse("progressive"), firstSeed: 1, seeds: 5);

        var talk = summary.Figures.Single(f => f.Name == "talkFraction");
        Assert.Equal(5, summary.Seeds.Count);
        Assert.InRange(talk.Mean, talk.P5, talk.P95);
        Assert.True(talk.P5 < talk.P95);
    }
}
