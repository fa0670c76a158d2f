using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class PacingFrontierTests
{
    private static readonly Scenario TenOperators = Scenario.Parse("""{ "operators": 10, "hours": 1, "pickupRate": 0.3 }""");

    [Theory]
    [InlineData("fixed")]
    [InlineData("adaptive")]
    public void The_sweep_stops_at_the_first_setting_past_the_cap_and_interpolates_between_the_two_either_side(string policy)
    {
        var frontier = PacingFrontier.Sweep(TenOperators, policy, firstSeed: 1, seeds: 2);

        var points = frontier.Points;
        Assert.True(points[^1].AbandonRate > PacingFrontier.DefaultCap, $"last point {points[^1].AbandonRate:P2}");
        Assert.All(points.SkipLast(1), p => Assert.True(p.AbandonRate <= PacingFrontier.DefaultCap, $"{p.Aggressiveness}: {p.AbandonRate:P2}"));
        var (below, above) = (points[^2], points[^1]);
        Assert.NotNull(frontier.TalkFractionAtCap);
        Assert.InRange(frontier.TalkFractionAtCap!.Value, Math.Min(below.TalkFraction, above.TalkFraction), Math.Max(below.TalkFraction, above.TalkFraction));
    }
}
