namespace Outdial.Dialing;

/// <summary>One campaign record as the dialer holds it while the campaign runs.</summary>
internal sealed class RecordEntry(RecordId id, long order, E164Number? phone, TimeZoneInfo zone)
{
    public RecordId Id { get; } = id;

    /// <summary>Position in the campaign: the last tie-breaker of record selection.</summary>
    public long Order { get; set; } = order;

    /// <summary>The number to dial; a rule may move the record to another of the contact's phones.</summary>
    public E164Number? Phone { get; set; } = phone;

    public IReadOnlyDictionary<string, E164Number>? Phones { get; set; }

    public IReadOnlySet<int>? ContactFacts { get; set; }

    /// <summary>A callback kept for this operator until <see cref="CampaignSettings.ReservationGrace"/> after its time.</summary>
    public OperatorId? ReservedFor { get; set; }

    /// <summary>Taken out of the queue to wait for <see cref="ReservedFor"/> to be free.</summary>
    public bool SetAside { get; set; }

    public TimeZoneInfo Zone { get; } = zone;

    public RecordState State { get; set; }

    /// <summary>The waiting state to return to when a session is cancelled or rejected.</summary>
    public RecordState StateBeforeSession { get; set; }

    public int Attempts { get; set; }

    public int Rejections { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? CallbackAt { get; set; }

    public DateTimeOffset? LockedOutUntil { get; set; }

    public DialResult? LastDialResult { get; set; }

    public OperatorResultKind? LastOperatorResult { get; set; }

    public OperatorId? Operator { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Whether the record sits in the queue, and the key it sits under.</summary>
    public bool Queued { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Bumped on every queue change, so that stale heap entries are recognised and skipped.</summary>
    public int Version { get; set; }

    public RecordSnapshot Snapshot() =>
        new(Id, State, Attempts, Rejections, NextAttemptAt, CallbackAt, LockedOutUntil, LastDialResult, LastOperatorResult, Operator, Phone, ReservedFor);
}

/// <summary>
/// Waiting records in selection order: a due callback first, then by next attempt time, then by
/// record order. Removal is lazy (a version stamp per entry), which keeps every operation O(log n).
/// </summary>
internal sealed class RecordQueue
{
    private readonly PriorityQueue<(RecordEntry Record, int Version), (long Due, long Order)> _callbacks = new();
    private readonly PriorityQueue<(RecordEntry Record, int Version), (long Due, long Order)> _others = new();

    public int Count { get; private set; }

    public void Enqueue(RecordEntry record, DateTimeOffset dueAt)
    {
        Remove(record);
        record.Version++;
        record.Queued = true;
        record.DueAt = dueAt;
        var queue = record.CallbackAt is null ? _others : _callbacks;
        queue.Enqueue((record, record.Version), (dueAt.UtcTicks, record.Order));
        Count++;
    }

    public void Remove(RecordEntry record)
    {
        if (record.Queued)
        {
            record.Queued = false;
            record.Version++;
            Count--;
        }
    }

    /// <summary>Takes the first record due at <paramref name="now"/>, callbacks before the rest.</summary>
    public bool TryTakeDue(DateTimeOffset now, out RecordEntry record)
    {
        var queue = Head(_callbacks) is { } callback && callback.DueAt <= now ? _callbacks
            : Head(_others) is { } other && other.DueAt <= now ? _others
            : null;
        if (queue is null)
        {
            record = null!;
            return false;
        }

        record = queue.Dequeue().Record;
        Remove(record);
        return true;
    }

    /// <summary>When the next record becomes due, if any waits.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            var callback = Head(_callbacks)?.DueAt;
            var other = Head(_others)?.DueAt;
            return callback is null ? other : other is null ? callback : callback < other ? callback : other;
        }
    }

    private static RecordEntry? Head(PriorityQueue<(RecordEntry Record, int Version), (long Due, long Order)> queue)
    {
        while (queue.TryPeek(out var entry, out _))
        {
            if (entry.Record.Queued && entry.Record.Version == entry.Version)
            {
                return entry.Record;
            }

            queue.Dequeue();
        }

        return null;
    }
}
