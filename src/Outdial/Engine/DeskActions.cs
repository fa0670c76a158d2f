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
        if (answers is { } given)
        {
            // The answers become parameters of the session (stored by the engine since it began),
            // before the session ends: whoever sees it ended finds its answers too. A question
            // left unanswered (or hidden by an answer changed since a refused try) loses any
            // answer stored before.
            var values = given.Keys.ToDictionary(key => key, key => given.Answers.GetValueOrDefault(key));
            await store.BarrierAsync();
            await parameters.SetAsync(sessionId, values);
        }

        await actor.CompleteAsync(userId, sessionId, conclusion, answers);
    }

    private async Task<ScriptAnswersGiven?> CheckAnswersAsync(Guid? scriptId, DeskView desk, SessionConclusion conclusion)
    {
        // A call that never connected has nothing to ask; an operator may still note what happened.
        var answered = conclusion.Answers?.Any(a => !string.IsNullOrWhiteSpace(a.Value)) == true;
        if ((conclusion.ScriptId ?? scriptId) is not { } script || (desk.ConnectedAt is null && !answered))
        {
            return null;
        }

        // The script was deleted during the call: the session ends without answers.
        if (await scripts.CurrentVersionAsync(script) is not { } current)
        {
            return null;
        }

        var number = conclusion.ScriptVersion ?? current;
        if (number < 1 || number > current)
        {
            throw new InvalidInputProblem("scriptVersion", $"The call script has versions 1 to {current}, not {number}. Leave scriptVersion out to answer the current version.");
        }

        Scripts.CallScriptVersion version;
        try
        {
            version = await scripts.GetVersionAsync(script, number);
        }
        catch (NotFoundProblem)
        {
            return null;
        }

        var checkedAnswers = await scripts.CheckAnswersAsync(script, version.Version, conclusion.Answers ?? new Dictionary<string, string?>());
        var keys = version.Elements.Where(e => e.TakesAnswer).Select(e => e.Key).ToList();
        return new ScriptAnswersGiven(script, version.Version, checkedAnswers.ThrowIfInvalid(), keys);
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
/// <param name="Keys">Every question of that version: those without an answer have none stored.</param>
public sealed record ScriptAnswersGiven(Guid ScriptId, int Version, IReadOnlyDictionary<string, string> Answers, IReadOnlyList<string> Keys);
