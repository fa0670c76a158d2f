using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Simulation;

public sealed class EventTimelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Events_come_out_in_the_order_of_one_heap_by_time_then_scheduling_order(int seed)
    {
        // Fixed delays (with lanes), random ones (the heap) and ties between them at the same instant.
        var timeline = new EventTimeline<int>();
        long[] fixedDelays = [10, 30, 200];
        foreach (var delay in fixedDelays)
        {
            timeline.AddFixedDelay(TimeSpan.FromTicks(delay));
        }

        var reference = new PriorityQueue<int, (long At, int Order)>();
        var random = new Random(seed);
        long now = 0;
        var next = 0;
        var taken = new List<int>();
        var expected = new List<int>();
        for (var step = 0; step < 20_000; step++)
        {
            if (random.Next(3) > 0 || timeline.Count == 0)
            {
                var delay = random.Next(4) switch
                {
                    0 => random.Next(0, 60),
                    _ => fixedDelays[random.Next(fixedDelays.Length)],
                };
                timeline.Schedule(now, now + delay, next);
                reference.Enqueue(next, (now + delay, next));
                next++;
                continue;
            }

            Assert.True(timeline.TryPeek(out var item, out var at));
            timeline.DequeuePeeked();
            Assert.True(at >= now, "time went back");
            now = at;
            taken.Add(item);
            expected.Add(reference.Dequeue());
        }

        Assert.Equal(expected, taken);
        Assert.Equal(reference.Count, timeline.Count);
    }

    [Fact]
    public void Taking_an_event_needs_a_peek_after_the_last_change()
    {
        var timeline = new EventTimeline<string>();
        timeline.Schedule(0, 5, "ring");
        Assert.True(timeline.TryPeek(out _, out _));
        timeline.Schedule(0, 1, "busy");

        Assert.Throws<InvalidOperationException>(timeline.DequeuePeeked);
        Assert.True(timeline.TryPeek(out var first, out var at));
        Assert.Equal(("busy", 1L), (first, at));
    }

    [Fact]
    public void An_event_scheduled_in_a_reserved_place_comes_where_it_would_have_come_then()
    {
        var timeline = new EventTimeline<string>();
        timeline.AddFixedDelay(TimeSpan.FromTicks(20));
        var place = timeline.ReservePlace();
        timeline.Schedule(0, 20, "ring timeout, scheduled later, same tick");
        timeline.Schedule(5, 20, "another, same tick");
        timeline.ScheduleInReservedPlace(20, place, "patience");

        var order = new List<string>();
        while (timeline.TryPeek(out var item, out _))
        {
            timeline.DequeuePeeked();
            order.Add(item);
        }

        Assert.Equal(["patience", "ring timeout, scheduled later, same tick", "another, same tick"], order);
    }

    [Fact]
    public void An_empty_timeline_has_nothing_to_peek()
    {
        var timeline = new EventTimeline<int>();
        timeline.AddFixedDelay(TimeSpan.FromSeconds(20));

        Assert.False(timeline.TryPeek(out _, out _));
    }
}
