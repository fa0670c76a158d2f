using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class ScenarioTests
{
    [Fact]
    public void Scenario_fields_take_the_defaults_of_benchmarks_md()
    {
        var scenario = Scenario.Parse("""{ "operators": 20 }""");

        var phase = Assert.Single(scenario.Phases);
        Assert.Equal(8, scenario.Hours);
        Assert.Equal(20, scenario.NoAnswerTimeoutSeconds);
        Assert.Equal(0.30, phase.Truth.PickupRate);
        Assert.Equal(0.30, phase.ConfiguredPickupRate);
        Assert.Equal(new LogNormalDistribution(180, 120), phase.Truth.TalkSeconds);
        Assert.Equal(new FixedDistribution(25), phase.Truth.WrapUpSeconds);
        Assert.Equal(2, phase.Truth.PatienceSeconds);
    }

    [Fact]
    public void Changes_keep_everything_they_do_not_mention()
    {
        var scenario = Scenario.Parse("""
            { "operators": 5, "pickupRate": 0.4, "talkSeconds": { "dist": "exponential", "mean": 90 },
              "changes": [ { "atMinute": 240, "pickupRate": 0.2 }, { "atMinute": 60, "configuredPickupRate": 0.8 } ] }
            """);

        Assert.Equal([0.0, 60.0, 240.0], scenario.Phases.Select(p => p.FromMinute));
        Assert.Equal(0.4, scenario.PhaseAt(239).Truth.PickupRate);
        Assert.Equal(0.2, scenario.PhaseAt(240).Truth.PickupRate);
        Assert.Equal(0.8, scenario.PhaseAt(300).ConfiguredPickupRate);
        Assert.Equal(new ExponentialDistribution(90), scenario.PhaseAt(300).Truth.TalkSeconds);
    }

    [Fact]
    public void Scenario_without_operators_is_refused() =>
        Assert.Throws<FormatException>(() => Scenario.Parse("""{ "hours": 8 }"""));

    [Fact]
    public void Shares_adding_up_to_more_than_one_are_refused() =>
        Assert.Throws<FormatException>(() => Scenario.Parse("""{ "operators": 1, "pickupRate": 0.9, "busyRate": 0.2 }"""));

    [Theory]
    [InlineData("""{ "dist": "lognormal", "mean": 180, "sd": 120 }""", 180, 120)]
    [InlineData("""{ "dist": "exponential", "mean": 60 }""", 60, 60)]
    [InlineData("""{ "dist": "uniform", "min": 10, "max": 30 }""", 20, 5.7735)]
    [InlineData("""{ "dist": "fixed", "value": 25 }""", 25, 0)]
    public void Distributions_have_the_mean_and_sd_they_are_given(string json, double mean, double sd)
    {
        var distribution = Distribution.FromJson(System.Text.Json.JsonDocument.Parse(json).RootElement);

        // Midpoint rule over the quantile function: E[X] = ∫ Q(u) du.
        const int steps = 200_000;
        var values = Enumerable.Range(0, steps).Select(i => distribution.Quantile((i + 0.5) / steps)).ToArray();
        var actualMean = values.Average();
        var actualSd = Math.Sqrt(values.Select(v => (v - actualMean) * (v - actualMean)).Average());

        Assert.Equal(mean, actualMean, mean * 0.005);
        Assert.Equal(sd, actualSd, Math.Max(0.01, sd * 0.02));
    }

    [Fact]
    public void Truncated_sample_stays_below_the_limit()
    {
        var ring = new LogNormalDistribution(12, 6);

        Assert.All(Enumerable.Range(0, 1000).Select(i => ring.SampleBelow((i + 0.5) / 1000, 19.5)), v => Assert.InRange(v, 0, 19.5));
    }
}
