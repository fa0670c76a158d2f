using Microsoft.Extensions.Time.Testing;
using Outdial.Dialing.Simulation;
using Outdial.Dialing.Telephony;

namespace Outdial.Dialing.Tests.Telephony;

public sealed class SimulatedCallControlTests
{
    private const string EveryoneAnswers = """
        { "operators": 1, "pickupRate": 1.0, "busyRate": 0, "invalidRate": 0,
          "ringSeconds": { "dist": "fixed", "value": 7 }, "talkSeconds": { "dist": "fixed", "value": 30 } }
        """;

    private sealed class Recorder : ICallProgressSink
    {
        public List<CallProgress> Reports { get; } = [];

        public void Report(CallProgress progress) => Reports.Add(progress);
    }

    [Fact]
    public async Task Simulated_carrier_reports_progress_in_real_time_through_the_port()
    {
        var clock = new FakeTimeProvider(PacingSimulator.ShiftStart);
        var sink = new Recorder();
        using var carrier = new SimulatedCallControl(new SimulatedCarrier(Scenario.Parse(EveryoneAnswers), 1, clock.GetUtcNow()), clock, sink);
        var call = new CallId(1);

        await carrier.OriginateAsync(new Originate(call, new RecordId(1), E164Number.Parse("+420777000001"), null, RingTimeout.FromSeconds(20), null), default);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal([new CallRinging(call)], sink.Reports);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new CallAnswered(call, AnsweredBy.Live), sink.Reports[^1]);

        await carrier.ConnectAsync(call, new OperatorId(1), default);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, sink.Reports.Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new CallEnded(call), sink.Reports[^1]);
    }

    [Fact]
    public async Task Answered_person_nobody_connects_hangs_up_after_their_patience()
    {
        var clock = new FakeTimeProvider(PacingSimulator.ShiftStart);
        var sink = new Recorder();
        using var carrier = new SimulatedCallControl(new SimulatedCarrier(Scenario.Parse(EveryoneAnswers), 1, clock.GetUtcNow()), clock, sink);
        var call = new CallId(1);

        await carrier.OriginateAsync(new Originate(call, new RecordId(1), E164Number.Parse("+420777000001"), null, RingTimeout.FromSeconds(20), null), default);
        clock.Advance(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(new CallAnswered(call, AnsweredBy.Live), sink.Reports[^1]);
        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(new CallEnded(call), sink.Reports[^1]);
    }

    [Fact]
    public void Progress_due_for_a_call_is_delivered_whoever_made_the_event_and_only_while_the_call_is_at_that_stage()
    {
        var scenario = Scenario.Parse(EveryoneAnswers);
        var carrier = new SimulatedCarrier(scenario, 1, PacingSimulator.ShiftStart, reportsRinging: false);
        var timeline = new Timeline();
        var (first, second) = (new CallId(1), new CallId(2));
        foreach (var call in new[] { first, second })
        {
            carrier.Originate(new Originate(call, new RecordId(call.Value), E164Number.Parse("+420777000001"), null, RingTimeout.FromSeconds(20), null), PacingSimulator.ShiftStart, timeline);
        }

        // An event made with the public constructor (no slot of the carrier's) still finds its call.
        Assert.Equal(new CallAnswered(second, AnsweredBy.Live), carrier.Deliver(new CarrierEvent(second, 0, CarrierEventKind.Answered), timeline));
        carrier.Connect(second, timeline);

        // Once connected, the answer's generation is over: its patience and a second answer are stale.
        Assert.Null(carrier.Deliver(new CarrierEvent(second, 0, CarrierEventKind.HungUp), timeline));
        Assert.Equal(new CallEnded(second), carrier.Deliver(timeline.Scheduled[^1], timeline));
        Assert.Null(carrier.Deliver(new CarrierEvent(second, 1, CarrierEventKind.HungUp), timeline));
        Assert.Equal(new CallAnswered(first, AnsweredBy.Live), carrier.Deliver(timeline.Scheduled[0], timeline));
    }

    private sealed class Timeline : ICarrierTimeline
    {
        public List<CarrierEvent> Scheduled { get; } = [];

        public void Schedule(TimeSpan after, CarrierEvent carrierEvent) => Scheduled.Add(carrierEvent);
    }
}
