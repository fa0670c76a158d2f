namespace Outdial.Engine;

/// <summary>
/// What operators do at their desk (the desktop UI and <c>/api/v1/desk</c> both come here): each
/// action goes to the campaign actor holding the session, which checks that the session is the
/// operator's (403 otherwise) and still in a stage that allows it (409 with the reason otherwise).
/// </summary>
public sealed class DeskActions(OperatorDesks desks, CampaignEngine engine, Scripts.CallScripts scripts, EngineStore store, Sessions.SessionParameters parameters)
{
    public DeskView Of(Guid userId) => desks.Of(userId);

    public Task AcceptAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).AcceptAsync(userId, sessionId);

    public Task RejectAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).RejectAsync(userId, sessionId);

    public Task CallNowAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).CallNowAsync(userId, sessionId);

    public Task HangUpAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).HangUpAsync(userId, sessionId);

    public Task NoteAsync(Guid userId, Guid sessionId, string note) => ActorFor(userId, sessionId).NoteAsync(userId, sessionId, note);

    /// <summary>
    /// Ends the session with a result. When the campaign has a call script and the call was
    /// connected, the answers are checked first (400 naming each <c>answers.KEY</c>) and kept with
    /// the script version they were given with.
    /// </summary>
    public async Task CompleteAsync(Guid userId, Guid sessionId, SessionConclusion conclusion)
    {
        var actor = ActorFor(userId, sessionId);
        var answers = await CheckAnswersAsync(actor.Campaign.Settings.CallScriptId, desks.Of(userId), conclusion);
        if (answers is { Answers.Count: > 0 } given)
        {
            // The answers become parameters of the session (stored by the engine since it began),
            // before the session ends: whoever sees it ended finds its answers too.
            await store.FlushAsync();
            await parameters.SetAsync(sessionId, given.Answers.ToDictionary(a => a.Key, a => (string?)a.Value));
        }

        await actor.CompleteAsync(userId, sessionId, conclusion, answers);
    }

    private async Task<ScriptAnswersGiven?> CheckAnswersAsync(Guid? scriptId, DeskView desk, SessionConclusion conclusion)
    {
        // A call that never connected has nothing to ask; an operator may still note what happened.
        if (scriptId is not { } script || (desk.ConnectedAt is null && conclusion.Answers is not { Count: > 0 }))
        {
            return null;
        }

        int version;
        try
        {
            version = conclusion.ScriptVersion ?? (await scripts.GetAsync(script)).Current.Version;
        }
        catch (NotFoundProblem)
        {
            // The script was deleted during the call: the session ends without answers.
            return null;
        }

        var checkedAnswers = await scripts.CheckAnswersAsync(script, version, conclusion.Answers ?? new Dictionary<string, string?>());
        return new ScriptAnswersGiven(script, version, checkedAnswers.ThrowIfInvalid());
    }

    private CampaignActor ActorFor(Guid userId, Guid sessionId)
    {
        // The usual case first: the operator acts on the session their desk shows.
        var own = desks.Of(userId);
        if (own.SessionId == sessionId && own.CampaignId is { } ownCampaign && engine.ActorOf(ownCampaign) is { } ownActor)
        {
            return ownActor;
        }

        var holder = desks.All.FirstOrDefault(d => d.Value.SessionId == sessionId);
        if (holder.Value is null)
        {
            throw new ConflictProblem("This session has ended or was withdrawn (it may have expired, or the campaign was paused). Your desk shows what you hold now.");
        }

        if (holder.Key != userId)
        {
            throw new ForbiddenProblem("This session belongs to another operator; you can only act on your own sessions.");
        }

        return holder.Value.CampaignId is { } campaignId && engine.ActorOf(campaignId) is { } actor
            ? actor
            : throw new ConflictProblem("The session's campaign is no longer running.");
    }
}

/// <summary>Checked answers of a call script, in their stored form, with the version they answer.</summary>
public sealed record ScriptAnswersGiven(Guid ScriptId, int Version, IReadOnlyDictionary<string, string> Answers);
