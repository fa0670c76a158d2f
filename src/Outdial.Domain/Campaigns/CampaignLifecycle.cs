namespace Outdial.Campaigns;

/// <summary>What a supervisor (or the system, for <see cref="CampaignAction.Finish"/>) asks of a campaign.</summary>
public enum CampaignAction
{
    Start,
    Pause,
    Resume,
    Cancel,

    /// <summary>The goal was reached: every record is final (never asked for by a person).</summary>
    Finish,
}

/// <summary>
/// The one place that says which campaign state changes are allowed. A paused campaign dials
/// nothing new (calls in progress end normally); finished and cancelled are final.
/// </summary>
public static class CampaignLifecycle
{
    private static readonly Dictionary<(CampaignState, CampaignAction), CampaignState> Transitions = new()
    {
        [(CampaignState.Draft, CampaignAction.Start)] = CampaignState.Running,
        [(CampaignState.Draft, CampaignAction.Cancel)] = CampaignState.Cancelled,
        [(CampaignState.Running, CampaignAction.Pause)] = CampaignState.Paused,
        [(CampaignState.Running, CampaignAction.Cancel)] = CampaignState.Cancelled,
        [(CampaignState.Running, CampaignAction.Finish)] = CampaignState.Finished,
        [(CampaignState.Paused, CampaignAction.Resume)] = CampaignState.Running,
        [(CampaignState.Paused, CampaignAction.Cancel)] = CampaignState.Cancelled,
        [(CampaignState.Paused, CampaignAction.Finish)] = CampaignState.Finished,
    };

    /// <summary>The state after <paramref name="action"/>; throws <see cref="ConflictProblem"/> naming the current state when it is not allowed.</summary>
    public static CampaignState After(CampaignState state, CampaignAction action)
    {
        if (Transitions.TryGetValue((state, action), out var next))
        {
            return next;
        }

        var possible = Transitions.Keys.Where(k => k.Item1 == state && k.Item2 != CampaignAction.Finish).Select(k => Verb(k.Item2)).ToList();
        throw new ConflictProblem(
            $"The campaign is {Describe(state)}, so it cannot be {Verb(action)}." +
            (possible.Count > 0 ? $" It can be {string.Join(" or ", possible)}." : " A finished or cancelled campaign can be cloned into a new draft."));
    }

    public static bool Allows(CampaignState state, CampaignAction action) => Transitions.ContainsKey((state, action));

    public static bool IsFinal(CampaignState state) => state is CampaignState.Finished or CampaignState.Cancelled;

    public static string Describe(CampaignState state) => state switch
    {
        CampaignState.Draft => "a draft",
        CampaignState.Running => "running",
        CampaignState.Paused => "paused",
        CampaignState.Finished => "finished",
        _ => "cancelled",
    };

    private static string Verb(CampaignAction action) => action switch
    {
        CampaignAction.Start => "started",
        CampaignAction.Pause => "paused",
        CampaignAction.Resume => "resumed",
        CampaignAction.Cancel => "cancelled",
        _ => "finished",
    };
}
