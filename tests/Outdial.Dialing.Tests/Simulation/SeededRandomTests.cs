using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class SeededRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(42)]
    [InlineData(-7)]
    [InlineData(161803398)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void It_gives_the_numbers_of_the_framework_generator_with_the_same_seed(int seed)
    {
        var framework = new Random(seed);
        var ours = new SeededRandom(seed);

        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal(framework.NextDouble(), ours.NextDouble());
        }
    }
}
