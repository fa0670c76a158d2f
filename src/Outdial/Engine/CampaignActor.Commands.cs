using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Webhooks;

namespace Outdial.Engine;

// Events into the dialer; its commands into attempts, stored changes and telephony.
public sealed partial class CampaignActor
{
    // The records the dialer holds, by their order (the core's record id).
    private readonly Dictionary<long, LoadedRecord> _records = [];

    // Attempts by the call placed for them and by the session that holds them.
    private readonly Dictionary<CallId, CampaignAttempt> _calls = [];
    private readonly Dictionary<SessionId, CampaignAttempt> _sessions = [];
    private readonly Dictionary<Guid, SessionId> _sessionsById = [];
    private readonly HashSet<OperatorId> _touched = [];

    private DateTimeOffset Now => _services.Clock.GetUtcNow();

    private async Task HandleAsync(DialerEvent dialerEvent)
    {
        _commands.Clear();
        if (dialerEvent is CallProgress progress)
        {
            Follow(progress);
        }

        _dialer.Handle(dialerEvent, _commands);
        var mustFlush = false;
        foreach (var command in _commands)
        {
            mustFlush |= Record(command);
        }

        var stored = true;
        if (mustFlush)
        {
            try
            {
                // The attempt rows exist before any of this event's calls does (crash safety).
                var started = _services.Clock.GetTimestamp();
                await _services.Store.FlushAsync();
                _services.Metrics.FlushWait.Record(_services.Clock.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                stored = false;
                EngineLog.AttemptNotStored(_services.Logger, _campaign.Id, exception);
            }
        }

        foreach (var command in _commands.ToList())
        {
            await ExecuteAsync(command, stored);
        }

        foreach (var op in _touched)
        {
            ShowDesk(op);
        }

        _touched.Clear();
    }

    /// <summary>Updates the attempt of a call from the network's news, before the dialer reacts to it.</summary>
    private void Follow(CallProgress progress)
    {
        if (!_calls.TryGetValue(progress.Call, out var attempt))
        {
            return;
        }

        Touch(attempt.OperatorId);
        var (dialResult, wasConnected) = (attempt.DialResult, attempt.ConnectedAt is not null);
        switch (progress)
        {
            case CallAnswered answered:
                attempt.AnsweredAt = Now;
                attempt.DialResult = answered.By == AnsweredBy.Live ? nameof(DialResult.Answered) : nameof(DialResult.AnsweringMachine);
                attempt.InFlight = false;
                if (answered.By == AnsweredBy.Live)
                {
                    _ledger.LiveAnswer(Now);
                }

                if (attempt.OfferedAt is not null)
                {
                    // Preview: the call rings on the operator's line, so answered is connected.
                    attempt.ConnectedAt = Now;
                }

                break;
            case CallFailed failed:
                attempt.DialResult = failed.Reason.ToString();
                Close(progress.Call, attempt);
                break;
            case CallEnded:
                if (attempt.AnsweredAt is null)
                {
                    attempt.DialResult ??= nameof(DialResult.NoAnswer);
                }
                else if (attempt.ConnectedAt is null)
                {
                    // The person hung up while waiting for an operator.
                    attempt.DialResult = nameof(DialResult.CancelledByClient);
                    _ledger.Abandoned(Now);
                }

                Close(progress.Call, attempt);
                break;
        }

        _services.Store.Save(attempt);
        if (attempt.DialResult != dialResult)
        {
            Announce(WebhookEventTypes.SessionDialResult, attempt);
        }

        if (!wasConnected && attempt.ConnectedAt is not null)
        {
            // Preview: the call rang on the operator's line, so the answer connected them.
            Announce(WebhookEventTypes.SessionConnected, attempt);
        }
    }

    /// <summary>Tells webhook subscribers about a session (docs/webhooks.md); never waits.</summary>
    private void Announce(string eventType, CampaignAttempt attempt, IReadOnlyDictionary<string, string>? parameters = null) =>
        _services.Webhooks.Publish(eventType, new SessionEventData(
            attempt.Id, _campaign.Id, _campaign.Name, attempt.RecordId, attempt.ContactId, attempt.OperatorId, attempt.Phone,
            attempt.DialResult, attempt.Result, attempt.Note, parameters, attempt.StartedAt, attempt.DialledAt, attempt.AnsweredAt,
            attempt.ConnectedAt, attempt.EndedAt, attempt.TalkSeconds));

    /// <summary>The attempt an outcome belongs to: its session's, its call's, or the call just closed by the news that decided it.</summary>
    private CampaignAttempt? AttemptOf(OutcomeDecided decided) =>
        decided.Session is { } session && _sessions.TryGetValue(session, out var held) ? held
        : decided.Call is { } call && _calls.TryGetValue(call, out var calling) ? calling
        : decided.Call is { } closed && _lastClosed is { } last && last.Call == closed ? last.Attempt
        : null;

    private void Close(CallId call, CampaignAttempt attempt)
    {
        attempt.Ended(Now);
        _calls.Remove(call);
        _lastClosed = (call, attempt);
        Announce(WebhookEventTypes.SessionEnded, attempt);
        if (!_sessionsById.ContainsKey(attempt.Id))
        {
            // A call no operator session holds (not answered, abandoned) is over with the call.
            OnTimeline(attempt);
        }
    }

    private void OnTimeline(CampaignAttempt attempt) => _services.Store.Timeline(attempt, _campaign.Name);

    /// <summary>Turns a command into attempt and record changes for the store; true when they must be stored before acting.</summary>
    private bool Record(DialerCommand command)
    {
        switch (command)
        {
            case RecordChanged changed:
                TrackRecord(changed.Record);
                return false;
            case OfferSession offer:
                var offered = NewAttempt(offer.Record);
                offered.OperatorId = _userOf[offer.Operator];
                offered.OfferedAt = Now;
                HoldSession(offer.Session, offered);
                _services.Store.Save(offered);
                Announce(WebhookEventTypes.SessionCreated, offered);
                Touch(offer.Operator);
                return false;
            case Originate originate:
                var session = originate.OperatorLine is { } line && _dialer.SessionOf(line) is { } view && _sessions.TryGetValue(view.Id, out var held) ? held : null;
                var attempt = session ?? NewAttempt(originate.Record);
                if (session is null && _dialer.RecordOf(originate.Record)?.Operator is { } reserved)
                {
                    // Progressive: the operator is reserved for this call.
                    attempt.OperatorId = _userOf[reserved];
                    Touch(reserved);
                }

                attempt.CallNumber = originate.Call.Value;
                attempt.CallerId = originate.CallerId?.E164;
                attempt.Dialled(Now);
                _calls[originate.Call] = attempt;
                _services.Store.Save(attempt);
                if (session is null)
                {
                    Announce(WebhookEventTypes.SessionCreated, attempt);
                }

                Touch(originate.OperatorLine);
                return true;
            case ConnectCall connect:
                var connected = _calls[connect.Call];
                connected.OperatorId = _userOf[connect.Operator];
                connected.ConnectedAt = Now;
                HoldSession(connect.Session, connected);
                _services.Store.Save(connected);
                Announce(WebhookEventTypes.SessionConnected, connected);
                Touch(connect.Operator);
                return false;
            case PlayAbandonMessageAndHangUp abandon when _calls.TryGetValue(abandon.Call, out var abandoned):
                abandoned.DialResult = nameof(DialResult.Abandoned);
                Announce(WebhookEventTypes.SessionDialResult, abandoned);
                _ledger.Abandoned(Now);

                Close(abandon.Call, abandoned);
                _services.Store.Save(abandoned);
                return false;
            case HangUp hangUp when _calls.TryGetValue(hangUp.Call, out var hungUp):
                Close(hangUp.Call, hungUp);
                _services.Store.Save(hungUp);
                return false;
            case OutcomeDecided decided when AttemptOf(decided) is { } concluded && decided.Actions.Count > 0:
                _services.Effects.Enqueue(new RuleEffect(_campaign.Id, _campaign.Name, concluded.Id, concluded.ContactId, concluded.Phone, decided.Rule, decided.Actions));
                return false;
            case SessionCancelled cancelled when _sessions.TryGetValue(cancelled.Session, out var withdrawn):
                var why = cancelled.Reason == SessionCancelReason.OperatorLeft && _outOfGroup.Contains(cancelled.Operator)
                    ? "you are no longer in the campaign's operator group"
                    : Describe(cancelled.Reason);
                withdrawn.SessionEnd = "Withdrawn: " + why;
                withdrawn.EndedAt ??= Now;
                ReleaseSession(cancelled.Session, withdrawn);
                _services.Store.Save(withdrawn);
                Announce(WebhookEventTypes.SessionEnded, withdrawn);
                OnTimeline(withdrawn);
                _notices[cancelled.Operator] = $"The session was withdrawn: {why}.";
                Touch(cancelled.Operator);
                return false;
            default:
                return false;
        }
    }

    private async Task ExecuteAsync(DialerCommand command, bool stored)
    {
        try
        {
            switch (command)
            {
                case Originate originate when !stored:
                    Fail(originate.Call, "The attempt could not be stored, so the call was not placed.");
                    break;
                case Originate originate:
                    await WithTimeout(token => _telephony.OriginateAsync(originate, token));
                    _services.Metrics.CallsPlaced.Add(1);
                    break;
                case ConnectCall connect:
                    await WithTimeout(token => _telephony.ConnectAsync(connect.Call, connect.Operator, token));
                    break;
                case PlayAbandonMessageAndHangUp abandon:
                    await WithTimeout(token => _telephony.PlayAsync(abandon.Call, Dialing.Telephony.RecordedMessage.Abandon, token));
                    await WithTimeout(token => _telephony.HangUpAsync(abandon.Call, token));
                    break;
                case HangUp hangUp:
                    await WithTimeout(token => _telephony.HangUpAsync(hangUp.Call, token));
                    break;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The network failed us: the record follows the campaign's retry rules and the error is kept for the supervisor.
            EngineLog.TelephonyFailed(_services.Logger, _campaign.Id, command.GetType().Name, exception);
            if (command is Originate failed)
            {
                Fail(failed.Call, exception is TimeoutException or OperationCanceledException ? "The telephony adapter did not answer in time." : $"The telephony adapter failed: {exception.Message}");

                // In case the call exists after all: nobody would ever take it.
                _ = HangUpQuietlyAsync(failed.Call);
            }
        }
    }

    private static readonly TimeSpan TelephonyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An adapter call that does not return within the timeout fails, even one that ignores its token: the mailbox never stalls on it.</summary>
    private static async Task WithTimeout(Func<CancellationToken, ValueTask> call)
    {
        using var timeout = new CancellationTokenSource(TelephonyTimeout);
        await call(timeout.Token).AsTask().WaitAsync(TelephonyTimeout);
    }

    private async Task HangUpQuietlyAsync(CallId call)
    {
        try
        {
            await WithTimeout(token => _telephony.HangUpAsync(call, token));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            EngineLog.TelephonyFailed(_services.Logger, _campaign.Id, nameof(HangUp), exception);
        }
    }

    /// <summary>A call that could not be placed becomes a network error (dial failed once no attempts are left).</summary>
    private void Fail(CallId call, string error)
    {
        if (_calls.TryGetValue(call, out var attempt))
        {
            attempt.Error = error.Length > 500 ? error[..500] : error;
            LastError = (Now, error);
        }

        Post(new CallFailed(call, CallFailure.NetworkError));
    }

    /// <summary>The last telephony or storage error, shown to the supervisor.</summary>
    public (DateTimeOffset At, string Message)? LastError { get; private set; }

    private CampaignAttempt NewAttempt(RecordId record)
    {
        var info = _records[record.Value];
        return new CampaignAttempt(Guid.CreateVersion7(), _campaign.Id, info.Id, info.ContactId, info.Phone, Now);
    }

    private void TrackRecord(RecordSnapshot snapshot)
    {
        if (!_records.TryGetValue(snapshot.Id.Value, out var info))
        {
            return;
        }

        var operatorId = snapshot.Operator is { } op && _userOf.TryGetValue(op, out var user) ? user : (Guid?)null;
        var reservedFor = snapshot.ReservedFor is { } kept && _userOf.TryGetValue(kept, out var keeper) ? keeper : (Guid?)null;
        if (snapshot.Phone?.E164 is { } phone && phone != info.Phone)
        {
            // A rule moved the record to another of the contact's phones.
            _records[snapshot.Id.Value] = info = info with { Phone = phone };
        }

        // The core's record states are the campaign's, in the same order (a test keeps them so).
        var state = (CampaignRecordState)snapshot.State;
        if (state == CampaignRecordState.CancelledByAdmin && _removing.Remove(snapshot.Id.Value))
        {
            state = CampaignRecordState.Removed;
        }

        _services.Store.Track(info.Id, new RecordProgress(
            state,
            snapshot.Attempts,
            snapshot.Rejections,
            snapshot.NextAttemptAt,
            snapshot.CallbackAt,
            snapshot.LockedOutUntil,
            operatorId,
            snapshot.LastDialResult?.ToString(),
            LastResultOf(snapshot),
            info.Phone,
            reservedFor));
        Touch(snapshot.Operator);
        if (snapshot.State.IsFinal())
        {
            _records.Remove(snapshot.Id.Value);
        }
    }

    private void HoldSession(SessionId session, CampaignAttempt attempt)
    {
        _sessions[session] = attempt;
        _sessionsById[attempt.Id] = session;
    }

    private void ReleaseSession(SessionId session, CampaignAttempt attempt)
    {
        _sessions.Remove(session);
        _sessionsById.Remove(attempt.Id);
    }

    private void Touch(OperatorId? op)
    {
        if (op is { } id)
        {
            _touched.Add(id);
        }
    }

    private void Touch(Guid? user)
    {
        if (user is { } id && _operators.TryGetValue(id, out var op))
        {
            _touched.Add(op);
        }
    }

    private static string Describe(SessionCancelReason reason) => reason switch
    {
        SessionCancelReason.CampaignPaused => "the campaign was paused",
        SessionCancelReason.OperatorLeft => "you left (break or offline)",
        SessionCancelReason.Blacklisted => "the number is on the blacklist",
        SessionCancelReason.OutsideCallingHours => "the contact's calling hours have closed",
        _ => "the contact was removed from the campaign",
    };
}
