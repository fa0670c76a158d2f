namespace Outdial.Engine;

/// <summary>
/// What operators do at their desk (the desktop UI and <c>/api/v1/desk</c> both come here): each
/// action goes to the campaign actor holding the session, which checks that the session is the
/// operator's (403 otherwise) and still in a stage that allows it (409 with the reason otherwise).
/// </summary>
public sealed class DeskActions(OperatorDesks desks, CampaignEngine engine)
{
    public DeskView Of(Guid userId) => desks.Of(userId);

    public Task AcceptAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).AcceptAsync(userId, sessionId);

    public Task RejectAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).RejectAsync(userId, sessionId);

    public Task CallNowAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).CallNowAsync(userId, sessionId);

    public Task HangUpAsync(Guid userId, Guid sessionId) => ActorFor(userId, sessionId).HangUpAsync(userId, sessionId);

    public Task NoteAsync(Guid userId, Guid sessionId, string note) => ActorFor(userId, sessionId).NoteAsync(userId, sessionId, note);

    public Task CompleteAsync(Guid userId, Guid sessionId, SessionConclusion conclusion) =>
        ActorFor(userId, sessionId).CompleteAsync(userId, sessionId, conclusion);

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
