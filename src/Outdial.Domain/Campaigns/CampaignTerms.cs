namespace Outdial.Campaigns;

/// <summary>How a campaign hands contacts to operators.</summary>
public enum CampaignMode
{
    /// <summary>The operator sees the contact first; after accepting, a BCW countdown runs, then the number is dialled.</summary>
    Preview,

    /// <summary>The system dials ahead of free operators and connects only answered calls.</summary>
    Predictive,

    /// <summary>One dial per free operator; never abandons a call.</summary>
    Progressive,
}

/// <summary>How a predictive campaign decides how many numbers to dial ahead (docs/pacing.md).</summary>
public enum PredictivePacing
{
    /// <summary>Learns the real pickup rate, ring, talk and wrap-up times and keeps abandoned calls under the cap.</summary>
    Adaptive,

    /// <summary>The supervisor's rule: ⌈free operators ÷ pickup rate⌉ calls, whatever happens.</summary>
    FixedRatio,
}

/// <summary>When a campaign is done.</summary>
public enum CampaignGoal
{
    /// <summary>The campaign finishes when every record is in a final state.</summary>
    AllContactsProcessed,

    /// <summary>An endless campaign: it stays active and accepts new contacts (e.g. from the API).</summary>
    None,
}

/// <summary>Draft → running ⇄ paused → finished (goal reached) or cancelled.</summary>
public enum CampaignState
{
    Draft,
    Running,
    Paused,
    Finished,
    Cancelled,
}

/// <summary>What a result code means for the record.</summary>
public enum ResultCategory
{
    Success,
    Unsuccessful,

    /// <summary>Call the person again at the time the operator picks.</summary>
    Callback,

    /// <summary>The person asked never to be called: the number goes on the blacklist.</summary>
    DoNotCall,
}

/// <summary>A result an operator can choose after a call, e.g. "Sale" (success, final).</summary>
public sealed record ResultCode(string Name, ResultCategory Category, bool IsFinal);

/// <summary>How the caller ID is chosen from the campaign's numbers for each call.</summary>
public enum CallerIdRotation
{
    RoundRobin,
    Random,

    /// <summary>A number from the called person's country when the campaign has one, else round robin.</summary>
    CountryMatch,
}
