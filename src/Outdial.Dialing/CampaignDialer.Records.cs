using System.Runtime.InteropServices;

namespace Outdial.Dialing;

// Records: adding, choosing the next one, and where each attempt leaves them.
public sealed partial class CampaignDialer
{
    private void OnRecordsAdded(IReadOnlyList<NewRecord> records)
    {
        // By reference: a record is over a hundred bytes, and a batch has thousands.
        ReadOnlySpan<NewRecord> batch = records switch
        {
            NewRecord[] array => array,
            List<NewRecord> list => CollectionsMarshal.AsSpan(list),
            _ => [.. records],
        };
        foreach (ref readonly var added in batch)
        {
            if (_finished.Contains(added.Id))
            {
                continue;
            }

            // One look-up to find out whether the record is known and to make room for it.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, added.Id, out var known);
            if (known)
            {
                continue;
            }

            var record = slot = new RecordEntry(added.Id, ++_lastRecordOrder, added.Phone, ZoneOf(added.TimeZoneId))
            {
                Attempts = added.Attempts,
                CallbackAt = added.CallbackAt,
                LockedOutUntil = added.LockedOutUntil,
                NextAttemptAt = added.NextAttemptAt,
                Phones = added.Phones,
                ContactFacts = added.ContactFacts,
                ReservedFor = added.ReservedFor,
                State = added.Attempts == 0 ? RecordState.Initial : RecordState.RetryScheduled,
            };
            if (added.Phone is null)
            {
                Finish(record, RecordState.InvalidRecord);
            }
            else if (record.Attempts >= _settings.MaxAttempts)
            {
                Finish(record, RecordState.Failed);
            }
            else
            {
                _queue.Enqueue(record, added.CallbackAt ?? added.NextAttemptAt ?? _now);
            }
        }
    }

    private TimeZoneInfo ZoneOf(string? ianaId)
    {
        if (ianaId is null)
        {
            return _settings.DefaultTimeZone;
        }

        if (!_zones.TryGetValue(ianaId, out var zone))
        {
            // An unknown zone falls back to the campaign's: calling hours still apply somewhere sane.
            zone = TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var found) ? found : _settings.DefaultTimeZone;
            _zones.Add(ianaId, zone);
        }

        return zone;
    }

    private void OnRecordCancelled(RecordId id)
    {
        if (!_records.TryGetValue(id, out var record) || record.State.IsFinal())
        {
            return;
        }

        record.CancelRequested = true;
        if (record.SetAside)
        {
            TakeFromAside(record);
            Finish(record, RecordState.CancelledByAdmin);
        }
        else if (record.Queued)
        {
            Finish(record, RecordState.CancelledByAdmin);
        }
        else if (record.Operator is { } held && _operators.TryGetValue(held, out var entry)
            && entry.Session is { Stage: SessionStage.Offered or SessionStage.Bcw } session && session.Record == record)
        {
            CancelSession(session, SessionCancelReason.RecordCancelled);
        }

        // On a call: the call ends normally and the record is cancelled instead of retried.
    }

    /// <summary>Offers, reserves or dials as the campaign's mode and free operators allow.</summary>
    private void StartWork()
    {
        _starvedForRecords = false;
        if (_paused)
        {
            return;
        }

        if (_setAside.Count != 0)
        {
            StartReservedCallbacks();
        }

        switch (_settings.Mode)
        {
            case DialingMode.Preview:
                while (_freeOperators.First is { } free)
                {
                    if (!TryTakeRecord(out var record, free.Value))
                    {
                        _starvedForRecords = true;
                        break;
                    }

                    Offer(free.Value, record);
                }

                break;
            case DialingMode.Progressive:
                while (_freeOperators.First is { } free && FreeChannels > 0)
                {
                    if (!TryTakeRecord(out var record, free.Value))
                    {
                        _starvedForRecords = true;
                        break;
                    }

                    if (TryDial(record, free.Value, session: null, out _))
                    {
                        SetActivity(free.Value, OperatorActivity.Dialling);
                    }
                }

                break;
            default:
                var wanted = Math.Min(_pacing.CallsToStart(Snapshot()), FreeChannels);
                while (wanted > 0)
                {
                    if (!TryTakeRecord(out var record))
                    {
                        _starvedForRecords = true;
                        break;
                    }

                    if (TryDial(record, forOperator: null, session: null, out _))
                    {
                        wanted--;
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The next record that may be dialled now. Records that may not (attempts used up, locked out,
    /// outside calling hours in their own zone) are finished or moved to when they can be.
    /// </summary>
    private bool TryTakeRecord(out RecordEntry record, OperatorEntry? forOperator = null)
    {
        while (_queue.TryTakeDue(_now, out record))
        {
            if (record.Attempts >= _settings.MaxAttempts)
            {
                Finish(record, RecordState.Failed);
                continue;
            }

            // An abandoned person is not called again by a machine for the lockout; an operator
            // calling them in preview is allowed.
            if (_settings.Mode != DialingMode.Preview && record.LockedOutUntil is { } lockout && lockout > _now)
            {
                _queue.Enqueue(record, lockout);
                continue;
            }

            if (_settings.CallingWindow is { } window && !window.IsOpenAt(_now, record.Zone))
            {
                _queue.Enqueue(record, window.NextOpening(_now, record.Zone));
                continue;
            }

            // A callback kept for another operator waits for them, from when it could first be made.
            if (record.ReservedFor is { } reserved && reserved != forOperator?.Id)
            {
                if (_now < record.DueAt + _settings.ReservationGrace)
                {
                    PutAside(record, reserved);
                    continue;
                }

                record.ReservedFor = null;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Records taken up while the calling hours were closed (or while a lockout applied in another
    /// mode) wait for when those rules let them go. When the rules change, each goes back to its own
    /// time, and taking it applies the new rules: otherwise hours opened by the supervisor would
    /// wait for the old opening.
    /// </summary>
    private void RequeueDeferredRecords()
    {
        foreach (var record in _records.Values)
        {
            if (!record.Queued || record.DueAt <= _now)
            {
                continue;
            }

            var due = record.CallbackAt ?? record.NextAttemptAt ?? _now;
            if (due < record.DueAt)
            {
                _queue.Enqueue(record, due < _now ? _now : due);
            }
        }
    }

    /// <summary>Queues the record for another attempt at <paramref name="at"/>, or finishes it when no attempts are left.</summary>
    private void ScheduleNextAttempt(RecordEntry record, RecordState waitingState, DateTimeOffset at, RecordState exhaustedState)
    {
        if (record.CancelRequested)
        {
            Finish(record, RecordState.CancelledByAdmin);
        }
        else if (record.Attempts >= _settings.MaxAttempts)
        {
            Finish(record, exhaustedState);
        }
        else
        {
            record.State = waitingState;
            record.NextAttemptAt = at;
            _queue.Enqueue(record, at);
            EmitRecord(record);
        }
    }

    /// <summary>Offers or dials the due callbacks kept for operators who are free now.</summary>
    private void StartReservedCallbacks()
    {
        foreach (var free in _freeOperators.ToList())
        {
            if (!free.IsFree || !_setAside.TryGetValue(free.Id, out var waiting))
            {
                continue;
            }

            var record = waiting[0];
            TakeFromAside(record);
            if (_settings.CallingWindow is { } window && !window.IsOpenAt(_now, record.Zone))
            {
                // The calling hours closed while it waited: it comes back (still kept) when they open.
                _queue.Enqueue(record, window.NextOpening(_now, record.Zone));
                continue;
            }

            if (_settings.Mode == DialingMode.Preview)
            {
                Offer(free, record);
            }
            else if (TryDial(record, free, session: null, out _))
            {
                // Like progressive: the operator is reserved for the call, so nobody waits for them.
                SetActivity(free, OperatorActivity.Dialling);
            }
        }
    }

    private void PutAside(RecordEntry record, OperatorId reserved)
    {
        record.SetAside = true;
        (_setAside.TryGetValue(reserved, out var waiting) ? waiting : _setAside[reserved] = []).Add(record);
    }

    private void TakeFromAside(RecordEntry record)
    {
        var reserved = record.ReservedFor!.Value;
        var waiting = _setAside[reserved];
        waiting.Remove(record);
        if (waiting.Count == 0)
        {
            _setAside.Remove(reserved);
        }

        record.SetAside = false;
    }

    /// <summary>Callbacks their operator did not take within the grace go back to everyone.</summary>
    private void ReleaseExpiredReservations()
    {
        foreach (var record in _setAside.Values.SelectMany(w => w).Where(r => _now >= ReservationEnd(r)).ToList())
        {
            TakeFromAside(record);
            record.ReservedFor = null;
            _queue.Enqueue(record, record.CallbackAt ?? _now);
            EmitRecord(record);
        }
    }

    private DateTimeOffset ReservationEnd(RecordEntry record) => record.DueAt + _settings.ReservationGrace;

    private void Finish(RecordEntry record, RecordState finalState)
    {
        _queue.Remove(record);
        record.State = finalState;
        record.NextAttemptAt = null;
        record.CallbackAt = null;
        record.ReservedFor = null;
        EmitRecord(record);

        // A final record never changes again and the host has just been told to persist it: the
        // dialer keeps only its working set (an endless campaign would otherwise grow for ever).
        _records.Remove(record.Id);
        _finished.Add(record.Id);
    }
}
