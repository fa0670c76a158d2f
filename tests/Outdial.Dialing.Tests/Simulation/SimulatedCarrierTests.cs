using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class SimulatedCarrierTests
{
    // Every kind of fate, and a change of the truth after a minute.
    private const string Mixed = """
        { "operators": 5, "pickupRate": 0.3, "busyRate": 0.05, "invalidRate": 0.02, "machineRate": 0.1,
          "changes": [ { "atMinute": 1, "pickupRate": 0.15, "talkSeconds": { "dist": "fixed", "value": 40 } } ] }
        """;

    private static readonly E164Number Number = E164Number.Parse("+420777000001");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_dial_has_the_same_fate_whether_or_not_someone_read_ahead(int seed)
    {
        var scenario = Scenario.Parse(Mixed);
        var ringTimeout = RingTimeout.FromSeconds(20);
        var plain = new SimulatedCarrier(scenario, seed, PacingSimulator.ShiftStart);
        var readAhead = new SimulatedCarrier(scenario, seed, PacingSimulator.ShiftStart);
        var random = new Random(seed);
        var timeline = new Discard();
        var fates = new HashSet<CallFateKind>();
        for (var i = 0; i < 3_000; i++)
        {
            var at = PacingSimulator.ShiftStart.AddSeconds(i * 0.04);

            // Now and then read up to 300 dials ahead (as the oracle does), sometimes from before the
            // change of the truth; often not at all, so that both ways of drawing a dial take turns.
            if (random.Next(8) == 0)
            {
                var from = at.AddSeconds(-random.Next(30));
                for (var k = random.Next(300); k >= 0; k--)
                {
                    readAhead.Peek(readAhead.DialCount + k, from, ringTimeout.Duration);
                }
            }

            var call = new CallId(i + 1);
            var fate = plain.Originate(new Originate(call, new RecordId(i + 1), Number, null, ringTimeout, null), at, timeline);
            Assert.Equal(fate, readAhead.Originate(new Originate(call, new RecordId(i + 1), Number, null, ringTimeout, null), at, timeline));
            fates.Add(fate.Kind);
        }

        Assert.Equal(Enum.GetValues<CallFateKind>().Length, fates.Count);
    }

    private sealed class Discard : ICarrierTimeline
    {
        public void Schedule(TimeSpan after, CarrierEvent carrierEvent)
        {
        }
    }
}
