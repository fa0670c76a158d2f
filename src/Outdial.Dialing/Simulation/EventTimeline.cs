namespace Outdial.Dialing.Simulation;

/// <summary>
/// The simulator's future: events by the time they are due, events due at the same instant in the
/// order they were scheduled.
/// </summary>
/// <remarks>
/// Most events of a shift come a fixed time after the moment they are scheduled: the ring timeout
/// that most dials reach, a fixed wrap-up. Since time only moves forward, the events of
/// one fixed delay are scheduled in the order they fall due, so each such delay keeps a
/// first-in-first-out lane (O(1)) and only the others go to a heap. The next event is the earliest
/// of the lanes' heads and the heap's top, compared by (due time, scheduling order): exactly the
/// order one heap would give, at a fraction of the cost (the heap took a tenth of a shift's time).
/// </remarks>
internal sealed class EventTimeline<T>
{
    private readonly List<Lane> _lanes = [];
    private readonly PriorityQueue<T, EventTime> _heap = new();
    private long _sequence;

    // Where the event that TryPeek found sits: a lane's index, -1 for the heap, -2 for "peek again".
    private int _peeked = -2;

    public int Count { get; private set; }

    /// <summary>Gives events that come exactly <paramref name="delay"/> after they are scheduled a lane of their own.</summary>
    public void AddFixedDelay(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero && !_lanes.Exists(l => l.Delay == delay.Ticks))
        {
            _lanes.Add(new Lane(delay.Ticks));
        }
    }

    /// <summary>
    /// Takes the next place in the scheduling order now, for an event scheduled later with
    /// <see cref="ScheduleInReservedPlace"/>: it then comes where it would have come if scheduled now.
    /// </summary>
    public long ReservePlace() => ++_sequence;

    /// <summary>Schedules <paramref name="item"/> at <paramref name="at"/> (ticks) in a place taken earlier with <see cref="ReservePlace"/>.</summary>
    public void ScheduleInReservedPlace(long at, long place, T item)
    {
        // Later events may already sit in a lane behind it: only the heap takes it in order.
        Count++;
        _peeked = -2;
        _heap.Enqueue(item, new EventTime(at, place));
    }

    /// <summary>Schedules <paramref name="item"/> at <paramref name="at"/>, scheduled at <paramref name="now"/> (both in ticks).</summary>
    public void Schedule(long now, long at, T item)
    {
        var entry = new Entry(new EventTime(at, ++_sequence), item);
        var delay = at - now;
        Count++;
        _peeked = -2;
        foreach (var lane in _lanes)
        {
            // Time never goes back, so a lane stays in order; the check keeps that true whatever a caller does.
            if (lane.Delay == delay && (lane.Items.Count == 0 || lane.LastAt <= at))
            {
                lane.Items.Enqueue(entry);
                lane.LastAt = at;
                return;
            }
        }

        _heap.Enqueue(item, entry.Time);
    }

    /// <summary>The next event and when it is due (ticks), without taking it.</summary>
    public bool TryPeek(out T item, out long at)
    {
        var found = -2;
        var best = default(Entry);
        if (_heap.TryPeek(out var top, out var time))
        {
            (found, best) = (-1, new Entry(time, top));
        }

        for (var i = 0; i < _lanes.Count; i++)
        {
            if (_lanes[i].Items.TryPeek(out var head) && (found == -2 || head.Time.CompareTo(best.Time) < 0))
            {
                (found, best) = (i, head);
            }
        }

        _peeked = found;
        item = best.Item;
        at = best.Time.At;
        return found != -2;
    }

    /// <summary>Takes the event the last <see cref="TryPeek"/> returned (nothing was scheduled since).</summary>
    public void DequeuePeeked()
    {
        if (_peeked == -2)
        {
            throw new InvalidOperationException("Peek at the next event before taking it.");
        }

        if (_peeked == -1)
        {
            _heap.Dequeue();
        }
        else
        {
            _lanes[_peeked].Items.Dequeue();
        }

        Count--;
        _peeked = -2;
    }

    private sealed class Lane(long delay)
    {
        public long Delay { get; } = delay;

        public Queue<Entry> Items { get; } = new();

        public long LastAt { get; set; }
    }

    private readonly record struct Entry(EventTime Time, T Item);

    private readonly struct EventTime(long at, long sequence) : IComparable<EventTime>
    {
        public readonly long At = at;
        public readonly long Sequence = sequence;

        public int CompareTo(EventTime other) =>
            At != other.At ? (At < other.At ? -1 : 1) : Sequence.CompareTo(other.Sequence);
    }
}
