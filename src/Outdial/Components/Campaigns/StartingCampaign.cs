namespace Outdial.Components.Campaigns;

/// <summary>
/// A campaign being started from a page: starting creates its records, which takes about a
/// minute for a million contacts, so the page shows how many exist so far.
/// </summary>
public sealed class StartingCampaign(Func<Task> changed) : IProgress<int>
{
    public string? Name { get; private set; }

    public int RecordsCreated { get; private set; }

    /// <summary>Runs the start, showing its progress until it ends (well or not).</summary>
    public async Task<T> RunAsync<T>(string name, Func<IProgress<int>, Task<T>> start)
    {
        (Name, RecordsCreated) = (name, 0);
        await changed();
        try
        {
            return await start(this);
        }
        finally
        {
            Name = null;
            await changed();
        }
    }

    public void Report(int value)
    {
        RecordsCreated = value;
        _ = changed();
    }
}
