namespace Outdial.Dialing;

// Operators and their sessions: presence, preview offers, BCW, results.
public sealed partial class CampaignDialer
{
    private void OnPresenceChanged(OperatorId id, OperatorPresence presence)
    {
        if (!_operators.TryGetValue(id, out var entry))
        {
            entry = new OperatorEntry(id);
            _operators.Add(id, entry);
            _activityCounts[(int)OperatorActivity.Offline]++;
        }

        entry.WantedPresence = presence;
        switch (entry.Activity)
        {
            case OperatorActivity.Offered or OperatorActivity.Bcw when presence != OperatorPresence.Online:
                // No call exists yet: give the record back at once rather than keep someone who left.
                CancelSession(entry.Session!, SessionCancelReason.OperatorLeft);
                break;
            case OperatorActivity.Offline or OperatorActivity.OnBreak or OperatorActivity.Free:
                ApplyPresence(entry);
                break;
            default:
                // Holding a call: the change applies when the session ends.
                break;
        }
    }

    /// <summary>Puts an operator who holds nothing into the state they asked for.</summary>
    private void ApplyPresence(OperatorEntry entry)
    {
        entry.Session = null;
        switch (entry.WantedPresence)
        {
            case OperatorPresence.Online when entry.Activity == OperatorActivity.Free:
                break;
            case OperatorPresence.Online when _waitingCalls.First is { } waiting:
                // An answered person is waiting: they come before any new dial.
                RemoveWaiting(waiting.Value);
                Connect(waiting.Value, entry);
                break;
            case OperatorPresence.Online:
                SetActivity(entry, OperatorActivity.Free);
                Observe(Pacing.PacingObservationKind.OperatorFree, default, entry.Id);
                break;
            case OperatorPresence.OnBreak:
                SetActivity(entry, OperatorActivity.OnBreak);
                Observe(Pacing.PacingObservationKind.OperatorAway, default, entry.Id);
                break;
            default:
                SetActivity(entry, OperatorActivity.Offline);
                Observe(Pacing.PacingObservationKind.OperatorAway, default, entry.Id);
                break;
        }
    }

    private void SetActivity(OperatorEntry entry, OperatorActivity activity)
    {
        if (entry.Activity == activity)
        {
            return;
        }

        _activityCounts[(int)entry.Activity]--;
        _activityCounts[(int)activity]++;
        if (entry.IsFree)
        {
            _freeOperators.Remove(entry.FreeNode);
        }

        entry.Activity = activity;
        entry.ActivitySince = _now;
        if (activity == OperatorActivity.Free)
        {
            _freeOperators.AddLast(entry.FreeNode);
        }
    }

    private void Offer(OperatorEntry entry, RecordEntry record)
    {
        var session = new SessionEntry(new SessionId(++_lastSessionId), entry, record, SessionStage.Offered);
        _sessions.Add(session.Id, session);
        entry.Session = session;
        SetActivity(entry, OperatorActivity.Offered);
        record.StateBeforeSession = record.State;
        record.State = RecordState.OperatorAssigned;
        record.Operator = entry.Id;
        EmitRecord(record);
        Emit(new OfferSession(session.Id, entry.Id, record.Id));
    }

    private void OnSessionAccepted(SessionId id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Stage != SessionStage.Offered)
        {
            return;
        }

        session.Stage = SessionStage.Bcw;
        session.DialAt = _now + _settings.BeforeCallWork;
        _bcwSessions.Add(session);
        SetActivity(session.Operator, OperatorActivity.Bcw);
        session.Record.State = RecordState.Bcw;
        EmitRecord(session.Record);
    }

    private void OnCallNowPressed(SessionId id)
    {
        if (_sessions.TryGetValue(id, out var session) && session.Stage == SessionStage.Bcw)
        {
            session.DialAt = _now;
        }
    }

    private void OnSessionRejected(SessionId id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Stage is not (SessionStage.Offered or SessionStage.Bcw))
        {
            return;
        }

        var record = session.Record;
        record.Rejections++;
        EndSession(session);
        if (record.CancelRequested)
        {
            Finish(record, RecordState.CancelledByAdmin);
        }
        else if (record.Rejections >= _settings.MaxRejections)
        {
            Finish(record, RecordState.RejectedByOperator);
        }
        else
        {
            // Back of the queue: due now, behind every record already due, so the operator who
            // rejected it is offered something else first.
            record.State = record.StateBeforeSession;
            record.Operator = null;
            record.Order = ++_lastRecordOrder;
            _queue.Enqueue(record, _now);
            EmitRecord(record);
        }

        ApplyPresence(session.Operator);
    }

    /// <summary>Ends a session that has no call yet and gives its record back (no rejection counted).</summary>
    private void CancelSession(SessionEntry session, SessionCancelReason reason, DateTimeOffset? recordDueAt = null)
    {
        var record = session.Record;
        EndSession(session);
        Emit(new SessionCancelled(session.Id, session.Operator.Id, reason));
        if (reason == SessionCancelReason.Blacklisted)
        {
            // Finish already recorded the record's final state.
        }
        else if (record.CancelRequested)
        {
            Finish(record, RecordState.CancelledByAdmin);
        }
        else
        {
            record.State = record.StateBeforeSession;
            record.Operator = null;
            _queue.Enqueue(record, recordDueAt ?? _now);
            EmitRecord(record);
        }

        ApplyPresence(session.Operator);
    }

    private void EndSession(SessionEntry session)
    {
        _sessions.Remove(session.Id);
        if (session.Stage == SessionStage.Bcw)
        {
            _bcwSessions.Remove(session);
        }
    }

    private void OnSessionCompleted(SessionId id, OperatorResult result)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Stage is SessionStage.Offered or SessionStage.Bcw or SessionStage.Dialling)
        {
            return;
        }

        if (session.Stage == SessionStage.Talking && session.Call is { } call)
        {
            // The operator closed the session during the call: hang it up first.
            Emit(new HangUp(call.Id));
            EndConnectedCall(call);
        }

        EndSession(session);
        var record = session.Record;
        if (record.State == RecordState.Acw)
        {
            record.LastOperatorResult = result.Kind;
            Conclude(record, record.LastDialResult ?? DialResult.Answered, result, null, session.Id);
        }

        ApplyPresence(session.Operator);
    }

    private void OnPaused()
    {
        _paused = true;

        // A paused campaign dials nothing new, and a BCW countdown would end in a new dial.
        foreach (var session in _sessions.Values.Where(s => s.Stage is SessionStage.Offered or SessionStage.Bcw).ToList())
        {
            CancelSession(session, SessionCancelReason.CampaignPaused);
        }
    }
}
