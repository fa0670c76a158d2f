namespace Outdial.Dialing.Tests;

/// <summary>The dialer's own collections give exactly what the plain ones they replace gave.</summary>
public sealed class DialerStructureTests
{
    [Fact]
    public void Record_queue_takes_records_in_the_order_of_one_heap_whatever_order_they_come_in()
    {
        var random = new Random(7);
        var queue = new RecordQueue();
        var reference = new PriorityQueue<RecordEntry, (long, long)>();
        var start = DialerHarness.Monday9am;
        var records = Enumerable.Range(1, 400)
            .Select(i => new RecordEntry(new RecordId(i), i, null, TimeZoneInfo.Utc))
            .ToList();

        // Mostly in order (as new records arrive), with every fifth one due at a random earlier or later time.
        foreach (var record in records)
        {
            var due = record.Order % 5 == 0 ? start.AddSeconds(random.Next(-600, 600)) : start.AddSeconds(record.Order);
            queue.Enqueue(record, due);
            reference.Enqueue(record, (due.UtcTicks, record.Order));
        }

        // Some are taken away again (finished while queued), some moved.
        foreach (var record in records.Where(r => r.Order % 7 == 0))
        {
            queue.Remove(record);
        }

        var taken = new List<long>();
        while (queue.TryTakeDue(start.AddDays(1), out var record))
        {
            taken.Add(record.Id.Value);
        }

        var expected = new List<long>();
        while (reference.TryDequeue(out var record, out _))
        {
            if (record.Order % 7 != 0)
            {
                expected.Add(record.Id.Value);
            }
        }

        Assert.Equal(expected, taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Finished_records_are_remembered_in_any_order_and_nothing_else_is()
    {
        var finished = new FinishedRecords();
        var random = new Random(3);
        var ids = Enumerable.Range(100, 500).OrderBy(_ => random.Next(10)).ToList();
        var added = new HashSet<long>();
        foreach (var id in ids.Take(400))
        {
            finished.Add(new RecordId(id));
            added.Add(id);
            foreach (var probe in new[] { id - 1, id, id + 1, 99, 600, random.Next(90, 610) })
            {
                Assert.Equal(added.Contains(probe), finished.Contains(new RecordId(probe)));
            }
        }
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 5_000)]
    [InlineData(3, 60_000)]
    public void Finished_records_far_out_of_turn_are_remembered_as_the_range_reaches_them(int seed, int spread)
    {
        // Each id finishes up to `spread` places after its turn: near (bits past the range) and far (one by one).
        var finished = new FinishedRecords();
        var random = new Random(seed);
        var ids = Enumerable.Range(1, 100_000).Select(id => (Id: (long)id, Key: id + random.Next(spread))).OrderBy(p => p.Key).Select(p => p.Id).ToList();
        var added = new HashSet<long>();
        for (var i = 0; i < ids.Count; i++)
        {
            finished.Add(new RecordId(ids[i]));
            added.Add(ids[i]);
            if (i % 97 == 0)
            {
                foreach (var probe in new[] { ids[i] - 1, ids[i] + 1, ids[i] + spread, ids[i] + 20_000, random.NextInt64(0, 120_000) })
                {
                    Assert.Equal(added.Contains(probe), finished.Contains(new RecordId(probe)));
                }
            }
        }

        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.NextInt64(-5, 110_000)), probe => Assert.Equal(probe is >= 1 and <= 100_000, finished.Contains(new RecordId(probe))));
        Assert.Equal(0, finished.HeldOneByOne);
    }

    [Fact]
    public void Call_progress_as_a_value_says_what_the_event_says()
    {
        var call = new CallId(42);
        CallProgress[] events =
        [
            new CallRinging(call),
            new CallAnswered(call, AnsweredBy.Live),
            new CallAnswered(call, AnsweredBy.Machine),
            .. Enum.GetValues<CallFailure>().Select(reason => new CallFailed(call, reason)),
            new CallEnded(call),
        ];

        Assert.All(events, progress => Assert.Equal(progress, CallNews.Of(progress).ToEvent()));
        Assert.Equal(events.Length, events.Select(CallNews.Of).Distinct().Count());
    }
}
