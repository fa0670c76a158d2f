using Outdial.Campaigns;
using Outdial.Dialing;
using Outdial.Webhooks;

namespace Outdial.Engine;

// Operators: who works this campaign, their actions, and what their desks show.
public sealed partial class CampaignActor
{
    private readonly Dictionary<Guid, OperatorId> _operators = [];
    private readonly Dictionary<OperatorId, Guid> _userOf = [];
    private readonly Dictionary<OperatorId, OperatorPresence> _presence = [];
    private readonly Dictionary<OperatorId, string> _notices = [];

    // Operators taken out of the campaign's routing group, finishing what they hold (for the reason a session is withdrawn).
    private readonly HashSet<OperatorId> _outOfGroup = [];

    // What the operator's own phone did (SIP), shown for the rest of the session it happened in.
    private readonly Dictionary<OperatorId, (SessionId? Session, string Text)> _phoneNotices = [];

    // The result code names operators chose, by record, until the record's change is stored.
    private readonly Dictionary<long, string> _resultNames = [];

    /// <summary>The operator's presence in this campaign (Online to receive sessions).</summary>
    public Task SetPresenceAsync(Guid userId, OperatorPresence presence) => Ask(() =>
    {
        var op = OperatorFor(userId);
        _presence[op] = presence;
        _outOfGroup.Remove(op);
        _touched.Add(op);
        return HandleAsync(new OperatorPresenceChanged(op, presence));
    });

    Guid ICampaignLine.UserOf(OperatorId op) => _userOf[op];

    void ICampaignLine.ReportOperatorPhone(OperatorId op, OperatorPhoneState state, string? detail) => Post(() =>
    {
        _phoneNotices[op] = (_dialer.SessionOf(op)?.Id, state switch
        {
            OperatorPhoneState.Ringing => "Your phone is ringing: answer it to talk to the customer.",
            OperatorPhoneState.Answered => "The call is on your phone.",
            _ => $"Your phone could not take the call{(detail is null ? "" : $" ({detail})")}. Check that it is switched on and registered, and that your phone address in your profile is right.",
        });
        ShowDesk(op);
        return Task.CompletedTask;
    });

    /// <summary>The dialer's id of an operator, given when first seen (online, or named by a kept callback).</summary>
    private OperatorId OperatorFor(Guid userId)
    {
        if (!_operators.TryGetValue(userId, out var op))
        {
            op = new OperatorId(_operators.Count + 1);
            _operators.Add(userId, op);
            _userOf.Add(op, userId);
        }

        return op;
    }

    /// <summary>
    /// Lets the operator leave this campaign if they hold nothing here (no session, no reserved
    /// call), in one message so that no call can reach them in between. True when they left.
    /// </summary>
    public Task<bool> TryLeaveAsync(Guid userId) => Ask(() => LeaveIfFreeAsync(userId));

    /// <summary>
    /// For an operator taken out of the campaign's routing group: leaves at once if they hold
    /// nothing here; otherwise they finish the session they hold and are offered no other (a
    /// preview session not yet dialled goes back to the campaign). True when they left.
    /// </summary>
    public Task<bool> LeaveAfterSessionAsync(Guid userId) => Ask(async () =>
    {
        if (await LeaveIfFreeAsync(userId))
        {
            return true;
        }

        // Not Offline: that would end their wrap-up as if they had disconnected.
        var op = _operators[userId];
        _outOfGroup.Add(op);
        _presence[op] = OperatorPresence.OnBreak;
        _touched.Add(op);
        await HandleAsync(new OperatorPresenceChanged(op, OperatorPresence.OnBreak));

        // A preview session not dialled yet went back at once: nothing holds them any more.
        return await LeaveIfFreeAsync(userId);
    });

    private async Task<bool> LeaveIfFreeAsync(Guid userId)
    {
        if (!_operators.TryGetValue(userId, out var op))
        {
            return true;
        }

        if (_dialer.SessionOf(op) is not null || _dialer.ActivityOf(op) is OperatorActivity.Dialling)
        {
            return false;
        }

        _presence[op] = OperatorPresence.Offline;
        _touched.Add(op);
        await HandleAsync(new OperatorPresenceChanged(op, OperatorPresence.Offline));
        return true;
    }

    public Task AcceptAsync(Guid userId, Guid sessionId) => Ask(() =>
    {
        var (session, attempt) = SessionOf(userId, sessionId, SessionStage.Offered, "accepted");
        attempt.AcceptedAt = Now;
        _services.Store.Save(attempt);
        return HandleAsync(new SessionAccepted(session));
    });

    public Task RejectAsync(Guid userId, Guid sessionId) => Ask(() =>
    {
        var (session, attempt) = SessionOf(userId, sessionId, SessionStage.Offered, "rejected", SessionStage.Bcw);
        if (_dialer.SessionOf(_operators[userId]) is { DialAt: { } dialAt } && dialAt <= Now)
        {
            throw new ConflictProblem("The countdown has ended and the number is being dialled; hang up instead if you do not want the call.");
        }

        attempt.SessionEnd = "Rejected";
        attempt.EndedAt = Now;
        ReleaseSession(session, attempt);
        _services.Store.Save(attempt);
        OnTimeline(attempt);
        Announce(WebhookEventTypes.SessionEnded, attempt);
        return HandleAsync(new SessionRejected(session));
    });

    public Task CallNowAsync(Guid userId, Guid sessionId) => Ask(() =>
    {
        var (session, _) = SessionOf(userId, sessionId, SessionStage.Bcw, "dialled");
        return HandleAsync(new CallNowPressed(session));
    });

    /// <summary>The operator hangs up the call; the session goes to wrap-up.</summary>
    public Task HangUpAsync(Guid userId, Guid sessionId) => Ask(async () =>
    {
        var (session, _) = SessionOf(userId, sessionId, SessionStage.Talking, "hung up", SessionStage.Dialling);
        if (_dialer.SessionOf(_operators[userId]) is { Call: { } call })
        {
            await _telephony.HangUpAsync(call, CancellationToken.None);
            await HandleAsync(new CallEnded(call));
        }
    });

    public Task NoteAsync(Guid userId, Guid sessionId, string note) => Ask(() =>
    {
        var (_, attempt) = SessionOf(userId, sessionId, SessionStage.Talking, "noted", SessionStage.WrapUp, SessionStage.Dialling, SessionStage.Bcw, SessionStage.Offered);
        attempt.Note = note.Length > 4000 ? note[..4000] : note;
        _services.Store.Save(attempt);
        return Task.CompletedTask;
    });

    /// <summary>The operator's result ends the session (hanging up first if the call is still on).</summary>
    /// <param name="answers">The call script's answers, already checked: the attempt keeps the version they answer.</param>
    public Task CompleteAsync(Guid userId, Guid sessionId, SessionConclusion conclusion, ScriptAnswersGiven? answers = null) => Ask(() =>
    {
        var (session, attempt) = SessionOf(userId, sessionId, SessionStage.WrapUp, "completed", SessionStage.Talking);
        var code = _campaign.Settings.ResultCodes.FirstOrDefault(c => string.Equals(c.Name, conclusion.Result.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputProblem("result", $"'{conclusion.Result}' is not one of this campaign's results: {string.Join(", ", _campaign.Settings.ResultCodes.Select(c => c.Name))}.");
        if (code.Category == ResultCategory.Callback && conclusion.CallbackAt is { } at && at < Now.AddMinutes(-1))
        {
            throw new InvalidInputProblem("callbackAt", "The callback time has passed; choose a time from now on.");
        }

        if (code.Category == ResultCategory.Callback && conclusion.CallbackAt is { } late && late > Now + LongestCallback)
        {
            throw new InvalidInputProblem("callbackAt", $"Choose a callback time within {LongestCallback.TotalDays:0} days; for a later call, add the contact to a campaign then.");
        }

        var outcome = CampaignRules.OutcomeOf(code, conclusion.CallbackAt?.ToUniversalTime(), Now + _dialer.Settings.RetryDelay, conclusion.KeepCallback);
        (attempt.ScriptId, attempt.ScriptVersion) = (answers?.ScriptId, answers?.Version);
        return Complete(session, attempt, code.Name, outcome, conclusion.Note, answers?.Answers);
    });

    private async Task Complete(SessionId session, CampaignAttempt attempt, string resultName, OperatorResult outcome, string? note, IReadOnlyDictionary<string, string>? answers = null)
    {
        attempt.Result = resultName;
        if (note is not null)
        {
            attempt.Note = note.Length > 4000 ? note[..4000] : note;
        }

        var record = _dialer.SessionOf(_operators[attempt.OperatorId!.Value])?.Record.Value;
        if (record is { } order)
        {
            _resultNames[order] = resultName;
        }

        // The session still holds the attempt while the dialer hangs up a call still on. The desk is
        // shown afresh even when the dialer says nothing about the operator (a preview dial that failed).
        Touch(attempt.OperatorId);
        await HandleAsync(new SessionCompleted(session, outcome));

        // Used by the record's change if the result applied to it (not after a failed dial); never later.
        if (record is { } done)
        {
            _resultNames.Remove(done);
        }

        attempt.EndedAt ??= Now;
        ReleaseSession(session, attempt);
        _services.Store.Save(attempt);
        OnTimeline(attempt);
        Announce(WebhookEventTypes.SessionConcluded, attempt, answers);
    }

    /// <summary>The result name chosen for the record, once the dialer has applied it (the record left wrap-up).</summary>
    private string? LastResultOf(RecordSnapshot snapshot) =>
        snapshot.State is not (RecordState.Acw or RecordState.CallInProgress) && _resultNames.Remove(snapshot.Id.Value, out var name) ? name : null;

    /// <summary>
    /// The operator's session with this id, in one of the <paramref name="stages"/>: 403 when it is
    /// someone else's, 409 with the reason when it has moved on or ended.
    /// </summary>
    private (SessionId Session, CampaignAttempt Attempt) SessionOf(Guid userId, Guid sessionId, SessionStage stage, string verb, params SessionStage[] stages)
    {
        if (!_sessionsById.TryGetValue(sessionId, out var session) || !_sessions.TryGetValue(session, out var attempt))
        {
            throw new ConflictProblem($"This session can no longer be {verb}: it has ended or was withdrawn. Your desk shows what you hold now.");
        }

        if (attempt.OperatorId != userId)
        {
            throw new ForbiddenProblem("This session belongs to another operator; you can only act on your own sessions.");
        }

        var current = _dialer.SessionOf(_operators[userId]);
        if (current is null || current.Id != session || (current.Stage != stage && !stages.Contains(current.Stage)))
        {
            throw new ConflictProblem(current?.Stage == SessionStage.Offered && stage != SessionStage.Offered
                ? $"This session cannot be {verb} yet: accept it first."
                : $"This session can no longer be {verb}: it is {Describe(current?.Stage)} now.");
        }

        return (session, attempt);
    }

    private static string Describe(SessionStage? stage) => stage switch
    {
        SessionStage.Offered => "waiting for you to accept or reject it",
        SessionStage.Bcw => "in before-call work",
        SessionStage.Dialling => "dialling",
        SessionStage.Talking => "connected",
        SessionStage.WrapUp => "in wrap-up, waiting for your result",
        _ => "over",
    };

    private void ShowDesk(OperatorId op)
    {
        var user = _userOf[op];
        _notices.Remove(op, out var notice);
        if (_phoneNotices.TryGetValue(op, out var phone))
        {
            if (phone.Session is { } phoneSession && _dialer.SessionOf(op)?.Id == phoneSession)
            {
                notice ??= phone.Text;
            }
            else
            {
                _phoneNotices.Remove(op);
            }
        }

        var view = _dialer.SessionOf(op) is { } session && _sessions.TryGetValue(session.Id, out var attempt)
            ? Desk(StageOf(session), attempt, notice) with
            {
                DialAt = session.DialAt,
            }
            : _dialer.ActivityOf(op) switch
            {
                OperatorActivity.Free => Desk(DeskStage.Waiting, null, notice),
                // Progressive: a call is being placed for the operator; it becomes a session when answered.
                OperatorActivity.Dialling => Desk(DeskStage.Dialling, _calls.Values.FirstOrDefault(a => a.OperatorId == user), notice) with { SessionId = null },
                _ => DeskView.Idle with { Notice = notice },
            };
        _services.Desks.Show(user, view, _campaign.Id);

        // A disconnected operator cannot choose a result: the session ends as "not recorded", to be tried again.
        if (view.Stage == DeskStage.WrapUp && _presence.GetValueOrDefault(op) == OperatorPresence.Offline && view.SessionId is { } id)
        {
            Post(() => _sessionsById.TryGetValue(id, out var s) && _sessions.TryGetValue(s, out var a)
                ? Complete(s, a, NotRecorded, OperatorResult.Retry, null)
                : Task.CompletedTask);
        }
    }

    /// <summary>How far ahead a callback may be set.</summary>
    public static readonly TimeSpan LongestCallback = TimeSpan.FromDays(365);

    /// <summary>The result stored when an operator left before choosing one.</summary>
    public const string NotRecorded = "Not recorded (operator offline)";

    private static DeskStage StageOf(SessionView session) => session.Stage switch
    {
        SessionStage.Offered => DeskStage.Offered,
        SessionStage.Bcw => DeskStage.Bcw,
        SessionStage.Dialling when session.CallStage == CallStage.Ringing => DeskStage.Ringing,
        SessionStage.Dialling => DeskStage.Dialling,
        SessionStage.Talking => DeskStage.Connected,
        _ => DeskStage.WrapUp,
    };

    private DeskView Desk(DeskStage stage, CampaignAttempt? attempt, string? notice) => new(
        stage,
        _campaign.Id,
        _campaign.Name,
        _campaign.Mode,
        attempt?.Id,
        attempt?.ContactId,
        attempt?.Phone,
        ConnectedAt: attempt?.ConnectedAt,
        WrapUpSince: stage == DeskStage.WrapUp ? attempt?.EndedAt ?? Now : null,
        AcwSeconds: _acwSeconds,
        DialResult: attempt?.DialResult,
        ResultCodes: _campaign.Settings.ResultCodes,
        Notice: notice,
        CallScriptId: _campaign.Settings.CallScriptId);
}
