using Outdial.Campaigns;

namespace Outdial.Tests.Campaigns;

public sealed class CampaignTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static CampaignSettings Settings(CampaignMode mode = CampaignMode.Preview) => new(
        "Winter offer", "", mode, BcwSeconds: 10, PickupRatePercent: 50, RoutingGroupId: Guid.NewGuid(), CampaignGoal.AllContactsProcessed,
        CampaignSettings.DefaultResultCodes, [], CallerIdRotation.RoundRobin, null, MaxAttempts: 3, RingTimeoutSeconds: 25, RetryDelayMinutes: 60,
        CampaignSettings.FirstValidPhone, FilterId: null);

    /// <summary>Every allowed change, written out independently of the implementation.</summary>
    private static readonly Dictionary<(CampaignState, CampaignAction), CampaignState> Allowed = new()
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

    public static TheoryData<CampaignState, CampaignAction> EveryChange()
    {
        var data = new TheoryData<CampaignState, CampaignAction>();
        foreach (var state in Enum.GetValues<CampaignState>())
        {
            foreach (var action in Enum.GetValues<CampaignAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(EveryChange))]
    public void A_lifecycle_change_is_allowed_exactly_when_the_table_says_so(CampaignState state, CampaignAction action)
    {
        if (Allowed.TryGetValue((state, action), out var next))
        {
            Assert.Equal(next, CampaignLifecycle.After(state, action));
        }
        else
        {
            var problem = Assert.Throws<ConflictProblem>(() => CampaignLifecycle.After(state, action));
            Assert.Contains(CampaignLifecycle.Describe(state), problem.Message);
        }
    }

    [Fact]
    public void Starting_and_cancelling_record_their_times()
    {
        var campaign = new Campaign(Settings(), Now);

        campaign.Apply(CampaignAction.Start, Now.AddMinutes(1));
        campaign.Apply(CampaignAction.Pause, Now.AddMinutes(2));
        campaign.Apply(CampaignAction.Cancel, Now.AddMinutes(3));

        Assert.Equal((CampaignState.Cancelled, Now.AddMinutes(1), Now.AddMinutes(3)), (campaign.State, campaign.StartedAt, campaign.EndedAt));
    }

    [Fact]
    public void The_mode_is_fixed_once_started_but_other_settings_may_change()
    {
        var campaign = new Campaign(Settings(CampaignMode.Predictive), Now);
        campaign.Change(Settings(CampaignMode.Progressive));
        campaign.Apply(CampaignAction.Start, Now);

        campaign.Change(Settings(CampaignMode.Progressive) with { MaxAttempts = 5 });
        var problem = Assert.Throws<ConflictProblem>(() => campaign.Change(Settings(CampaignMode.Preview)));

        Assert.Equal(5, campaign.Settings.MaxAttempts);
        Assert.Contains("Progressive", problem.Message);
    }

    [Fact]
    public void Only_drafts_can_be_deleted()
    {
        var campaign = new Campaign(Settings(), Now);
        campaign.EnsureDeletable();
        campaign.Apply(CampaignAction.Start, Now);

        Assert.Throws<ConflictProblem>(campaign.EnsureDeletable);
    }

    [Fact]
    public void A_clone_is_a_new_draft_with_the_same_settings()
    {
        var original = new Campaign(Settings() with { MaxAttempts = 7 }, Now);
        original.Apply(CampaignAction.Start, Now);

        var clone = original.Clone("Winter offer (copy)", Now.AddDays(1));

        Assert.Equal((CampaignState.Draft, 7, "Winter offer (copy)"), (clone.State, clone.Settings.MaxAttempts, clone.Settings.Name));
        Assert.NotEqual(original.Id, clone.Id);
    }

    [Theory]
    [InlineData("bcwSeconds")]
    [InlineData("pickupRatePercent")]
    [InlineData("ringTimeoutSeconds")]
    [InlineData("routingGroupId")]
    [InlineData("maxAttempts")]
    [InlineData("resultCodes")]
    public void Impossible_settings_name_the_field_to_fix(string field)
    {
        var settings = field switch
        {
            "bcwSeconds" => Settings() with { BcwSeconds = 601 },
            "pickupRatePercent" => Settings(CampaignMode.Predictive) with { PickupRatePercent = 0 },
            "ringTimeoutSeconds" => Settings() with { RingTimeoutSeconds = 10 },
            "routingGroupId" => Settings() with { RoutingGroupId = null },
            "maxAttempts" => Settings() with { MaxAttempts = 0 },
            _ => Settings() with { ResultCodes = [new("Done", ResultCategory.Success, true), new("done", ResultCategory.Unsuccessful, true)] },
        };

        var problem = Assert.Throws<InvalidInputProblem>(() => new Campaign(settings, Now));

        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public void Settings_of_another_mode_are_not_checked()
    {
        var preview = new Campaign(Settings(CampaignMode.Preview) with { PickupRatePercent = 0 }, Now);
        var predictive = new Campaign(Settings(CampaignMode.Predictive) with { BcwSeconds = 9999 }, Now);

        Assert.Equal(CampaignState.Draft, preview.State);
        Assert.Equal(CampaignState.Draft, predictive.State);
    }
}
