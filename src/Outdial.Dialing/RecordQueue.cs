namespace Outdial.Dialing;

/// <summary>One campaign record as the dialer holds it while the campaign runs.</summary>
/// <remarks>
/// What most records never use (another phone, rule facts, a callback, a lockout, a preview
/// session's bookkeeping) lives in a part made only when first set: a predictive campaign creates
/// and forgets records by the thousand, and half of each entry was these fields.
/// </remarks>
internal sealed class RecordEntry(RecordId id, long order, E164Number? phone, TimeZoneInfo zone)
{
    private Seldom? _seldom;

    public RecordId Id { get; } = id;

    /// <summary>Position in the campaign: the last tie-breaker of record selection.</summary>
    public long Order { get; set; } = order;

    /// <summary>The number to dial; a rule may move the record to another of the contact's phones.</summary>
    public E164Number? Phone { get; set; } = phone;

    public IReadOnlyDictionary<string, E164Number>? Phones
    {
        get => _seldom?.Phones;
        set
        {
            if (Part(value is not null) is { } part)
            {
                part.Phones = value;
            }
        }
    }

    public IReadOnlySet<int>? ContactFacts
    {
        get => _seldom?.ContactFacts;
        set
        {
            if (Part(value is not null) is { } part)
            {
                part.ContactFacts = value;
            }
        }
    }

    /// <summary>A callback kept for this operator until <see cref="CampaignSettings.ReservationGrace"/> after its time.</summary>
    public OperatorId? ReservedFor
    {
        get => _seldom?.ReservedFor;
        set
        {
            if (Part(value is not null) is { } part)
            {
                part.ReservedFor = value;
            }
        }
    }

    /// <summary>Taken out of the queue to wait for <see cref="ReservedFor"/> to be free.</summary>
    public bool SetAside
    {
        get => _seldom?.SetAside ?? false;
        set
        {
            if (Part(value) is { } part)
            {
                part.SetAside = value;
            }
        }
    }

    public TimeZoneInfo Zone { get; } = zone;

    public RecordState State { get; set; }

    /// <summary>The waiting state to return to when a session is cancelled or rejected.</summary>
    public RecordState StateBeforeSession
    {
        get => _seldom?.StateBeforeSession ?? default;
        set
        {
            if (Part(value != default) is { } part)
            {
                part.StateBeforeSession = value;
            }
        }
    }

    public int Attempts { get; set; }

    public int Rejections
    {
        get => _seldom?.Rejections ?? 0;
        set
        {
            if (Part(value != 0) is { } part)
            {
                part.Rejections = value;
            }
        }
    }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? CallbackAt
    {
        get => _seldom?.CallbackAt;
        set
        {
            if (Part(value is not null) is { } part)
            {
                part.CallbackAt = value;
            }
        }
    }

    public DateTimeOffset? LockedOutUntil
    {
        get => _seldom?.LockedOutUntil;
        set
        {
            if (Part(value is not null) is { } part)
            {
                part.LockedOutUntil = value;
            }
        }
    }

    public DialResult? LastDialResult { get; set; }

    public OperatorResultKind? LastOperatorResult { get; set; }

    public OperatorId? Operator { get; set; }

    public bool CancelRequested
    {
        get => _seldom?.CancelRequested ?? false;
        set
        {
            if (Part(value) is { } part)
            {
                part.CancelRequested = value;
            }
        }
    }

    /// <summary>Whether the record sits in the queue, and the key it sits under.</summary>
    public bool Queued { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Bumped on every queue change, so that stale heap entries are recognised and skipped.</summary>
    public int Version { get; set; }

    public RecordSnapshot Snapshot() =>
        new(Id, State, Attempts, Rejections, NextAttemptAt, CallbackAt, LockedOutUntil, LastDialResult, LastOperatorResult, Operator, Phone, ReservedFor);

    /// <summary>The seldom-used part, made when a value other than the default is first written.</summary>
    private Seldom? Part(bool needed) => needed ? _seldom ??= new Seldom() : _seldom;

    private sealed class Seldom
    {
        public IReadOnlyDictionary<string, E164Number>? Phones { get; set; }

        public IReadOnlySet<int>? ContactFacts { get; set; }

        public OperatorId? ReservedFor { get; set; }

        public bool SetAside { get; set; }

        public RecordState StateBeforeSession { get; set; }

        public int Rejections { get; set; }

        public DateTimeOffset? CallbackAt { get; set; }

        public DateTimeOffset? LockedOutUntil { get; set; }

        public bool CancelRequested { get; set; }
    }
}

/// <summary>
/// Waiting records in selection order: a due callback first, then by next attempt time, then by
/// record order. Removal is lazy (a version stamp per entry), which keeps every operation O(log n).
/// </summary>
/// <remarks>
/// Records mostly arrive in selection order (new records are due now, in campaign order, and time
/// only moves on), so each kind keeps a first-in-first-out run besides its heap: an entry that sorts
/// after the run's last one is appended to the run in O(1), any other goes to the heap, and the head
/// is the earlier of the two heads. Keys are unique (the record order breaks ties), so the order
/// taken is exactly the one a single heap gives; only the cost differs.
/// </remarks>
internal sealed class RecordQueue
{
    private readonly Lane _callbacks = new();
    private readonly Lane _others = new();

    public int Count { get; private set; }

    public void Enqueue(RecordEntry record, DateTimeOffset dueAt)
    {
        Remove(record);
        record.Version++;
        record.Queued = true;
        record.DueAt = dueAt;
        (record.CallbackAt is null ? _others : _callbacks).Enqueue(record, (dueAt.UtcTicks, record.Order));
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
        if (!_callbacks.TryTakeDue(now, out record) && !_others.TryTakeDue(now, out record))
        {
            return false;
        }

        Remove(record);
        return true;
    }

    /// <summary>When the next record becomes due, if any waits.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            var callback = _callbacks.Head()?.DueAt;
            var other = _others.Head()?.DueAt;
            return callback is null ? other : other is null ? callback : callback < other ? callback : other;
        }
    }

    /// <summary>One kind of waiting record: a heap, and a run of entries that came in order.</summary>
    private sealed class Lane
    {
        private readonly PriorityQueue<(RecordEntry Record, int Version), (long Due, long Order)> _heap = new();
        private readonly Queue<((RecordEntry Record, int Version) Entry, (long Due, long Order) Key)> _run = new();
        private (long Due, long Order) _runLast;

        public void Enqueue(RecordEntry record, (long Due, long Order) key)
        {
            if (_run.Count == 0 || key.CompareTo(_runLast) > 0)
            {
                _run.Enqueue(((record, record.Version), key));
                _runLast = key;
            }
            else
            {
                _heap.Enqueue((record, record.Version), key);
            }
        }

        /// <summary>The live record that comes first, after dropping stale entries from both heads.</summary>
        public RecordEntry? Head()
        {
            var fromRun = RunHead(out var runKey);
            var fromHeap = HeapHead(out var heapKey);
            return fromRun is null ? fromHeap
                : fromHeap is null ? fromRun
                : runKey.CompareTo(heapKey) < 0 ? fromRun : fromHeap;
        }

        /// <summary>Takes the head when it is due at <paramref name="now"/>.</summary>
        public bool TryTakeDue(DateTimeOffset now, out RecordEntry record)
        {
            // One look at each head, then the earlier one is taken from where it sits.
            var fromRun = RunHead(out var runKey);
            var fromHeap = HeapHead(out var heapKey);
            var takeRun = fromRun is not null && (fromHeap is null || runKey.CompareTo(heapKey) < 0);
            record = (takeRun ? fromRun : fromHeap)!;
            if (record is null || record.DueAt > now)
            {
                return false;
            }

            if (takeRun)
            {
                _run.Dequeue();
            }
            else
            {
                _heap.Dequeue();
            }

            return true;
        }

        private RecordEntry? RunHead(out (long Due, long Order) key)
        {
            while (_run.TryPeek(out var head))
            {
                if (IsLive(head.Entry))
                {
                    key = head.Key;
                    return head.Entry.Record;
                }

                _run.Dequeue();
            }

            key = default;
            return null;
        }

        private RecordEntry? HeapHead(out (long Due, long Order) key)
        {
            while (_heap.TryPeek(out var entry, out key))
            {
                if (IsLive(entry))
                {
                    return entry.Record;
                }

                _heap.Dequeue();
            }

            key = default;
            return null;
        }

        private static bool IsLive((RecordEntry Record, int Version) entry) => entry.Record.Queued && entry.Record.Version == entry.Version;
    }
}
