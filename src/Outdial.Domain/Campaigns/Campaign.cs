namespace Outdial.Campaigns;

/// <summary>A named outbound job: its settings and where it is in its lifecycle.</summary>
public sealed class Campaign
{
    private Campaign()
    {
    }

    public Campaign(CampaignSettings settings, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Use(settings.Validate());
        State = CampaignState.Draft;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public CampaignSettings Settings { get; private set; } = null!;

    // Copies of settings that lists and checks query in the database.
    public string Name { get; private set; } = "";

    public CampaignMode Mode { get; private set; }

    public Guid? RoutingGroupId { get; private set; }

    public CampaignState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>
    /// Changes the settings. A draft may change anything; once started the mode is fixed (the
    /// dialer and the records depend on it), and a finished or cancelled campaign changes no more.
    /// </summary>
    public void Change(CampaignSettings settings)
    {
        settings.Validate();
        if (CampaignLifecycle.IsFinal(State))
        {
            throw new ConflictProblem($"The campaign is {CampaignLifecycle.Describe(State)}; clone it to change its settings.");
        }

        if (State != CampaignState.Draft && settings.Mode != Settings.Mode)
        {
            throw new ConflictProblem($"The campaign has started as {Settings.Mode}; the mode cannot change any more. Clone it into a new draft to call in another mode.");
        }

        Use(settings);
    }

    private void Use(CampaignSettings settings)
    {
        Settings = settings;
        Name = settings.Name.Trim();
        Mode = settings.Mode;
        RoutingGroupId = settings.RoutingGroupId;
    }

    public void Apply(CampaignAction action, DateTimeOffset now)
    {
        State = CampaignLifecycle.After(State, action);
        if (action == CampaignAction.Start)
        {
            StartedAt = now;
        }

        if (CampaignLifecycle.IsFinal(State))
        {
            EndedAt = now;
        }
    }

    /// <summary>Only a draft can be deleted; a campaign that has dialled keeps its history.</summary>
    public void EnsureDeletable()
    {
        if (State != CampaignState.Draft)
        {
            throw new ConflictProblem($"The campaign is {CampaignLifecycle.Describe(State)}; only drafts can be deleted. Cancel it instead.");
        }
    }

    /// <summary>A new draft with the same settings ("Options → Create a campaign").</summary>
    public Campaign Clone(string name, DateTimeOffset now) => new(Settings with { Name = name }, now);
}
