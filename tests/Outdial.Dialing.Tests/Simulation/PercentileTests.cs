using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class PercentileTests
{
    [Theory]
    [InlineData(1, 0.95)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.5)]
    [InlineData(4, 1.0)]
    [InlineData(5, 0.0)]
    public void Selection_gives_the_percentile_of_the_sorted_values(int seed, double p)
    {
        var random = new Random(seed);
        for (var length = 1; length < 300; length += 7)
        {
            // Few distinct values too, so that ties sit on both sides of the ranks it needs.
            var values = Enumerable.Range(0, length).Select(_ => random.Next(3) == 0 ? random.Next(5) : random.NextDouble() * 100).ToArray();
            var sorted = values.Order().ToList();

            var selected = SeedSummary.PercentileOfUnsorted(values.AsSpan(), p);

            Assert.Equal(SeedSummary.Percentile(sorted, p), selected);
        }
    }

    [Fact]
    public void No_values_have_a_percentile_of_zero() => Assert.Equal(0, SeedSummary.PercentileOfUnsorted([], 0.95));
}
