using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;

namespace Outdial.Campaigns;

/// <summary>Campaign definitions and their lifecycle; starting creates the records. Changes are told to the engine through <see cref="CampaignEvents"/>.</summary>
public sealed class CampaignDirectory(IDbContextFactory<OutdialDbContext> databases, CampaignRecords records, CampaignEvents events, TimeProvider clock)
{
    public async Task<Page<Campaign>> ListAsync(CampaignState? state, CampaignMode? mode, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Campaigns.AsNoTracking();
        if (state is { } wantedState)
        {
            query = query.Where(c => c.State == wantedState);
        }

        if (mode is { } wantedMode)
        {
            query = query.Where(c => c.Mode == wantedMode);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Name).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<Campaign>(items, total, page.Offset, page.Limit);
    }

    public async Task<Campaign> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task<Campaign> CreateAsync(CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        var campaign = new Campaign(settings, clock.GetUtcNow());
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await CheckReferencesAsync(db, campaign.Settings, cancellationToken);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return campaign;
    }

    public async Task<Campaign> UpdateAsync(Guid id, CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
        campaign.Change(settings);
        await CheckReferencesAsync(db, campaign.Settings, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (campaign.State is CampaignState.Running or CampaignState.Paused)
        {
            await events.SettingsChangedAsync(campaign);
        }

        return campaign;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
        campaign.EnsureDeletable();
        db.Campaigns.Remove(campaign);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Start, pause, resume or cancel; 409 with the current state when the change is not allowed.</summary>
    public Task<Campaign> ApplyAsync(Guid id, CampaignAction action, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, action, recordsCreated: null, cancellationToken);

    /// <param name="recordsCreated">Starting a large campaign takes a while: told how many records exist so far, after each batch.</param>
    public async Task<Campaign> ApplyAsync(Guid id, CampaignAction action, IProgress<int>? recordsCreated, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
        if (action == CampaignAction.Start && CampaignLifecycle.Allows(campaign.State, action))
        {
            await CheckReferencesAsync(db, campaign.Settings, cancellationToken);
            await EnsureContactsToCallAsync(db, campaign, cancellationToken);

            // The filter is evaluated once, now: later changes to the directory do not move
            // contacts in or out (they can be added explicitly).
            await records.MaterialiseAsync(campaign, recordsCreated, cancellationToken);
        }

        var previous = campaign.State;
        campaign.Apply(action, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await events.LifecycleChangedAsync(campaign, previous);
        return campaign;
    }

    public async Task<Campaign> CloneAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var original = await GetAsync(id, cancellationToken);
        var name = original.Name.Length > 190 ? original.Name[..190] : original.Name;
        var clone = await CreateAsync(original.Settings with { Name = name + " (copy)" }, cancellationToken);
        await records.CopyAsync(original.Id, clone, cancellationToken);
        return clone;
    }

    /// <summary>The group, caller IDs, filter and call script a campaign names must exist (and the numbers be enabled).</summary>
    private async Task CheckReferencesAsync(OutdialDbContext db, CampaignSettings settings, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (settings.RoutingGroupId is { } groupId && !await db.OperatorGroups.AnyAsync(g => g.Id == groupId, cancellationToken))
        {
            errors["routingGroupId"] = ["There is no such operator group. Choose one under Operators → Groups, or create it first."];
        }

        var enabled = await db.PhoneNumbers.Where(n => settings.CallerIds.Contains(n.Id) && n.Enabled).Select(n => n.Id).ToListAsync(cancellationToken);
        var unknown = settings.CallerIds.Select((id, index) => (id, index)).Where(c => !enabled.Contains(c.id)).ToList();
        foreach (var (callerId, index) in unknown)
        {
            errors[$"callerIds[{index}]"] = [$"{callerId} is not one of your enabled phone numbers. Add or enable it under Settings → Phone numbers."];
        }

        if (settings.FilterId is { } filterId && !await db.ContactFilters.AnyAsync(f => f.Id == filterId, cancellationToken))
        {
            errors["filterId"] = ["The saved filter no longer exists. Choose another filter, or none to call the whole directory."];
        }

        if (settings.CallScriptId is { } scriptId && !await db.CallScripts.AnyAsync(s => s.Id == scriptId, cancellationToken))
        {
            errors["callScriptId"] = ["There is no such call script. Choose one under Settings → Call scripts, or none."];
        }

        if (settings.Filter is not null)
        {
            try
            {
                await records.FilterOfAsync(settings, cancellationToken);
            }
            catch (InvalidInputProblem problem)
            {
                foreach (var (key, messages) in problem.Errors)
                {
                    errors[key] = messages;
                }
            }
        }

        try
        {
            await CampaignRules.CheckAsync(db, settings, cancellationToken);
        }
        catch (InvalidInputProblem problem)
        {
            foreach (var (key, messages) in problem.Errors)
            {
                errors[key] = messages;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }
    }

    /// <summary>A campaign that ends when its contacts are processed needs some: from its filter, or added to the draft by id.</summary>
    private async Task EnsureContactsToCallAsync(OutdialDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var settings = campaign.Settings;
        if (settings.Goal != CampaignGoal.AllContactsProcessed
            || await db.CampaignRecords.AnyAsync(r => r.CampaignId == campaign.Id && r.State == CampaignRecordState.Initial, cancellationToken))
        {
            return;
        }

        // Contacts the campaign already holds (a clone's removed ones) would not be added again.
        var held = db.CampaignRecords.Where(r => r.CampaignId == campaign.Id);
        var matching = ContactDirectory.Matching(db, await records.FilterOfAsync(settings, cancellationToken));
        if (!await matching.AnyAsync(c => !held.Any(r => r.ContactId == c.Id), cancellationToken))
        {
            throw new ConflictProblem($"No contact matches the campaign's filter (or all that do were removed from it), so a campaign whose goal is 'all contacts processed' would end at once. Change the filter, add contacts to it (POST /api/v1/campaigns/{campaign.Id}/records), or make it an endless campaign (goal: none).");
        }
    }

    private static NotFoundProblem NotFound(Guid id) => new($"No campaign has the id {id}. List the campaigns with GET /api/v1/campaigns.");
}
