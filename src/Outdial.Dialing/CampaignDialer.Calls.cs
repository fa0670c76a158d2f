using Outdial.Dialing.Pacing;

namespace Outdial.Dialing;

// Calls: placing them, their progress, connecting and abandoning.
public sealed partial class CampaignDialer
{
    /// <summary>
    /// Places a call for a record, after the last checks. Returns <c>false</c> (and dials nothing)
    /// when the number is on the blacklist.
    /// </summary>
    private bool TryDial(RecordEntry record, OperatorEntry? forOperator, SessionEntry? session, out CallEntry call)
    {
        call = null!;

        // Checked right before the dial, not at selection: a number can be blacklisted at any moment.
        if (_blacklist.Contains(record.Phone!))
        {
            Finish(record, RecordState.Blacklisted);
            return false;
        }

        record.Attempts++;
        record.ReservedFor = null;
        record.State = RecordState.Calling;
        record.Operator = forOperator?.Id;
        record.CallbackAt = null;
        record.NextAttemptAt = null;
        call = _endedCalls.TryPop(out var ended) ? ended : new CallEntry();
        call.Start(new CallId(++_lastCallId), record, forOperator, session, _now);
        _calls.Add(call.Id, call);
        _dialling++;

        // The attempt is persisted before the call exists, so a crash cannot dial it twice.
        EmitRecord(record);
        _out.Originate(
            call.Id,
            record.Id,
            record.Phone!,
            _callerIds.Choose(record.Phone!),
            _settings.RingTimeout,
            session is null ? null : forOperator!.Id);
        Observe(PacingObservationKind.Dialled, call.Id, forOperator?.Id);
        return true;
    }

    private void OnCallProgress(CallNews news)
    {
        if (!_calls.TryGetValue(news.Call, out var call))
        {
            // Late news about a call the dialer already let go of (e.g. ended after our hang-up).
            return;
        }

        switch (news.Kind)
        {
            case CallNewsKind.Ringing when call.Stage == CallStage.Dialling:
                call.Stage = CallStage.Ringing;
                break;
            case CallNewsKind.Answered when call.Stage is CallStage.Dialling or CallStage.Ringing:
                OnAnswered(call, news.By);
                break;
            case CallNewsKind.Failed when call.Stage is CallStage.Dialling or CallStage.Ringing:
                OnFailed(call, news.Failure);
                break;
            case CallNewsKind.Ended when call.Stage is CallStage.Dialling or CallStage.Ringing:
                OnFailed(call, CallFailure.NoAnswer);
                break;
            case CallNewsKind.Ended when call.Stage == CallStage.WaitingForOperator:
                // The person hung up before an operator was free.
                RemoveWaiting(call);
                EndCall(call);
                Observe(PacingObservationKind.CancelledByClient, call.Id);
                Conclude(call.Record, DialResult.CancelledByClient, null, call.Id, null);
                break;
            case CallNewsKind.Ended when call.Stage == CallStage.Connected:
                EndConnectedCall(call);
                break;
            default:
                break;
        }
    }

    private void OnAnswered(CallEntry call, AnsweredBy by)
    {
        _dialling--;
        var record = call.Record;
        Observe(by == AnsweredBy.Live ? PacingObservationKind.AnsweredLive : PacingObservationKind.AnsweredMachine, call.Id);
        if (call.Session is { } session)
        {
            // Preview: the call rings on the operator's line, who now talks (to a person or a machine).
            session.Stage = SessionStage.Talking;
            call.Stage = CallStage.Connected;
            _talking++;
            SetActivity(session.Operator, OperatorActivity.Talking);
            record.State = RecordState.CallInProgress;
            record.LastDialResult = by == AnsweredBy.Live ? DialResult.Answered : DialResult.AnsweringMachine;
            EmitRecord(record);
            return;
        }

        if (by == AnsweredBy.Machine)
        {
            // Nobody to talk to: free the line and try the record again later.
            Emit(new HangUp(call.Id));
            EndCall(call);
            Conclude(record, DialResult.AnsweringMachine, null, call.Id, null);
            if (call.Operator is { } reserved)
            {
                ApplyPresence(reserved);
            }

            return;
        }

        record.LastDialResult = DialResult.Answered;
        if (call.Operator is { } forOperator)
        {
            // Progressive: the operator was reserved for this call, so nobody ever waits.
            Connect(call, forOperator);
        }
        else if (_freeOperators.First is { } free)
        {
            Connect(call, free.Value);
        }
        else
        {
            call.Stage = CallStage.WaitingForOperator;
            call.AbandonAt = _now + _settings.AbandonAfter;
            _waitingCalls.AddLast(call.WaitingNode);
            record.State = RecordState.WaitingForOperator;
            EmitRecord(record);
        }
    }

    private void Connect(CallEntry call, OperatorEntry entry)
    {
        var record = call.Record;
        var session = new SessionEntry(new SessionId(++_lastSessionId), entry, record, SessionStage.Talking) { Call = call };
        _sessions.Add(session.Id, session);
        entry.Session = session;
        SetActivity(entry, OperatorActivity.Talking);
        call.Stage = CallStage.Connected;
        call.Operator = entry;
        call.Session = session;
        _talking++;
        record.State = RecordState.CallInProgress;
        record.Operator = entry.Id;
        EmitRecord(record);
        _out.ConnectCall(call.Id, entry.Id, session.Id);
        Observe(PacingObservationKind.Connected, call.Id, entry.Id);
    }

    private void EndConnectedCall(CallEntry call)
    {
        EndCall(call);
        _talking--;
        var session = call.Session!;
        session.Stage = SessionStage.WrapUp;
        session.Call = null;
        SetActivity(session.Operator, OperatorActivity.WrapUp);
        call.Record.State = RecordState.Acw;
        EmitRecord(call.Record);
        Observe(PacingObservationKind.CallEnded, call.Id, session.Operator.Id);
    }

    private void OnFailed(CallEntry call, CallFailure reason)
    {
        _dialling--;
        EndCall(call);
        Observe(PacingObservationKind.Failed, call.Id);
        var record = call.Record;
        var result = reason switch
        {
            CallFailure.Busy => DialResult.Busy,
            CallFailure.Rejected => DialResult.Rejected,
            CallFailure.Unreachable => DialResult.Unreachable,
            CallFailure.InvalidNumber => DialResult.InvalidNumber,
            CallFailure.NetworkError => DialResult.NetworkError,
            _ => DialResult.NoAnswer,
        };
        Conclude(record, result, null, call.Id, call.Session?.Id);

        if (call.Session is { } session)
        {
            // Preview: the operator still closes the session with a result, after wrap-up.
            session.Stage = SessionStage.WrapUp;
            session.Call = null;
            SetActivity(session.Operator, OperatorActivity.WrapUp);
        }
        else if (call.Operator is { } reserved)
        {
            ApplyPresence(reserved);
        }
    }

    private void Abandon(CallEntry call)
    {
        RemoveWaiting(call);
        EndCall(call);
        Emit(new PlayAbandonMessageAndHangUp(call.Id));
        Observe(PacingObservationKind.Abandoned, call.Id);
        var record = call.Record;
        record.LockedOutUntil = _now + _settings.AbandonLockout;
        Conclude(record, DialResult.Abandoned, null, call.Id, null);
    }

    private void RemoveWaiting(CallEntry call)
    {
        if (call.IsWaiting)
        {
            _waitingCalls.Remove(call.WaitingNode);
        }
    }

    /// <summary>
    /// The call is over for the dialer. Its entry is kept for the next dial to take over; the
    /// caller may still read it, since only <see cref="TryDial"/> reuses it and no handler of a
    /// call's end dials.
    /// </summary>
    private void EndCall(CallEntry call)
    {
        _calls.Remove(call.Id);
        _endedCalls.Push(call);
    }

    /// <summary>Abandons answered calls nobody took in time and dials preview sessions whose BCW ended.</summary>
    private void ExpireDeadlines()
    {
        // Checked here: most campaigns keep no callbacks aside, and this runs twice per event.
        if (_setAside.Count != 0)
        {
            ReleaseExpiredReservations();
        }

        while (_waitingCalls.First is { } waiting && waiting.Value.AbandonAt <= _now)
        {
            Abandon(waiting.Value);
        }

        for (var i = 0; i < _bcwSessions.Count; i++)
        {
            var session = _bcwSessions[i];
            if (session.DialAt <= _now)
            {
                _bcwSessions.RemoveAt(i);
                i--;
                DialPreview(session);
            }
        }
    }

    private void DialPreview(SessionEntry session)
    {
        var record = session.Record;
        session.Stage = SessionStage.Dialling;

        // BCW may have carried the session past the closing time of the contact's calling hours.
        if (_settings.CallingWindow is { } window && !window.IsOpenAt(_now, record.Zone))
        {
            CancelSession(session, SessionCancelReason.OutsideCallingHours, window.NextOpening(_now, record.Zone));
            return;
        }

        if (!TryDial(record, session.Operator, session, out var call))
        {
            CancelSession(session, SessionCancelReason.Blacklisted);
            return;
        }

        session.Call = call;
        SetActivity(session.Operator, OperatorActivity.Dialling);
    }
}
