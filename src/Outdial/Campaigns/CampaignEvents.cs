namespace Outdial.Campaigns;

/// <summary>
/// What happened to campaigns, told after the database commit to whoever runs them (the campaign
/// engine). A hub rather than a reference, so the directory does not depend on the engine that
/// depends on it.
/// </summary>
public sealed class CampaignEvents
{
    private readonly List<Func<Campaign, Task>> _lifecycle = [];
    private readonly List<Func<Campaign, CampaignState, Task>> _stateChanged = [];
    private readonly List<Func<Campaign, Task>> _settings = [];
    private readonly List<Func<Guid, IReadOnlyList<Guid>, Task>> _recordsAdded = [];
    private readonly List<Func<Guid, Guid, Task>> _recordRemoved = [];

    public void OnLifecycle(Func<Campaign, Task> handler) => _lifecycle.Add(handler);

    /// <summary>A campaign moved to another state: the campaign as it is now, and the state it left (for webhooks).</summary>
    public void OnStateChanged(Func<Campaign, CampaignState, Task> handler) => _stateChanged.Add(handler);

    public void OnSettingsChanged(Func<Campaign, Task> handler) => _settings.Add(handler);

    /// <summary>Records added to a started campaign: campaign id, record ids.</summary>
    public void OnRecordsAdded(Func<Guid, IReadOnlyList<Guid>, Task> handler) => _recordsAdded.Add(handler);

    /// <summary>A record removed from a started campaign: campaign id, record id.</summary>
    public void OnRecordRemoved(Func<Guid, Guid, Task> handler) => _recordRemoved.Add(handler);

    internal async Task LifecycleChangedAsync(Campaign campaign, CampaignState previous)
    {
        await RaiseAsync(_lifecycle, h => h(campaign));
        if (campaign.State != previous)
        {
            await RaiseAsync(_stateChanged, h => h(campaign, previous));
        }
    }

    internal Task SettingsChangedAsync(Campaign campaign) => RaiseAsync(_settings, h => h(campaign));

    internal Task RecordsAddedAsync(Guid campaignId, IReadOnlyList<Guid> recordIds) =>
        recordIds.Count == 0 ? Task.CompletedTask : RaiseAsync(_recordsAdded, h => h(campaignId, recordIds));

    internal Task RecordRemovedAsync(Guid campaignId, Guid recordId) => RaiseAsync(_recordRemoved, h => h(campaignId, recordId));

    private static async Task RaiseAsync<T>(List<T> handlers, Func<T, Task> call)
    {
        foreach (var handler in handlers)
        {
            await call(handler);
        }
    }
}
