using Microsoft.EntityFrameworkCore;
using Outdial.Campaigns;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Scripts;

/// <summary>A script with its current version, as listed.</summary>
public sealed record CallScriptSummary(CallScript Script, CallScriptVersion Current);

/// <summary>A script, its current version and the history of its versions (oldest first).</summary>
public sealed record CallScriptDetail(CallScript Script, CallScriptVersion Current, IReadOnlyList<CallScriptVersion> Versions);

/// <summary>Call scripts and their versions. Saving changed elements adds a version; earlier versions stay as they were.</summary>
public sealed class CallScripts(IDbContextFactory<OutdialDbContext> databases, TenantSettingsStore settings, TimeProvider clock)
{
    /// <summary>Raised after any script is created, changed or deleted, so open pickers can reload.</summary>
    public event Action? Changed;

    public async Task<Page<CallScriptSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var total = await db.CallScripts.CountAsync(cancellationToken);
        var items = await (
                from script in db.CallScripts.AsNoTracking()
                join version in db.CallScriptVersions.AsNoTracking() on new { script.Id, Version = script.CurrentVersion } equals new { Id = version.ScriptId, version.Version }
                orderby script.Name, script.Id
                select new { script, version })
            .Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<CallScriptSummary>([.. items.Select(i => new CallScriptSummary(i.script, i.version))], total, page.Offset, page.Limit);
    }

    public async Task<CallScriptDetail> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var script = await db.CallScripts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw ScriptNotFound(id);
        var versions = await db.CallScriptVersions.AsNoTracking().Where(v => v.ScriptId == id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        return new CallScriptDetail(script, versions.Single(v => v.Version == script.CurrentVersion), versions);
    }

    /// <summary>The number of the script's current version; <c>null</c> when there is no such script (deleted).</summary>
    public async Task<int?> CurrentVersionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CallScripts.AsNoTracking().Where(s => s.Id == id).Select(s => (int?)s.CurrentVersion).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Any version ever saved: a session answered with it reads it back here.</summary>
    public async Task<CallScriptVersion> GetVersionAsync(Guid id, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CallScriptVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ScriptId == id && v.Version == version, cancellationToken)
            ?? throw (await db.CallScripts.AnyAsync(s => s.Id == id, cancellationToken)
                ? new NotFoundProblem($"The script has no version {version}. Its versions are listed by GET /api/v1/call-scripts/{id}.")
                : ScriptNotFound(id));
    }

    public async Task<CallScriptDetail> CreateAsync(string name, string description, IReadOnlyList<ScriptElement> elements, string? createdBy, CancellationToken cancellationToken = default)
    {
        var (script, version) = CallScript.Create(name, description, elements, clock.GetUtcNow(), createdBy);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.CallScripts.Add(script);
        db.CallScriptVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return new CallScriptDetail(script, version, [version]);
    }

    /// <summary>Renames the script; when the elements differ from the current version's, saves them as the next version.</summary>
    public async Task<CallScriptDetail> UpdateAsync(Guid id, string name, string description, IReadOnlyList<ScriptElement> elements, string? changedBy, CancellationToken cancellationToken = default)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var script = await db.CallScripts.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw ScriptNotFound(id);
            var current = await db.CallScriptVersions.AsNoTracking().SingleAsync(v => v.ScriptId == id && v.Version == script.CurrentVersion, cancellationToken);
            if (script.Change(name, description, elements, current, clock.GetUtcNow(), changedBy) is { } next)
            {
                // Two editors saving at once both try to add the same version number; the
                // second hits the primary key and gets a 409 asking to reload.
                db.CallScriptVersions.Add(next);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
            {
                throw new ConflictProblem("Someone else saved this script a moment ago. Reload it to see their version, then make your change again.");
            }
        }

        Changed?.Invoke();
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>
    /// Deletes the script with every version. Refused while a campaign that has started uses it,
    /// because its sessions refer to the versions; drafts that chose it are left without a script.
    /// </summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var script = await db.CallScripts.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw ScriptNotFound(id);

        // Campaign settings are one JSON document per campaign, so the reference is found in memory.
        var users = (await db.Campaigns.ToListAsync(cancellationToken)).Where(c => c.Settings.CallScriptId == id).ToList();
        if (users.FirstOrDefault(c => c.State != CampaignState.Draft) is { } started)
        {
            throw new ConflictProblem($"The campaign '{started.Name}' ({CampaignLifecycle.Describe(started.State)}) uses this script, and its sessions keep the answers to it. Choose another script for that campaign, or keep this one.");
        }

        foreach (var draft in users)
        {
            draft.Change(draft.Settings with { CallScriptId = null });
        }

        db.CallScripts.Remove(script);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>Checks answers to a version (docs/call-scripts.md); phone answers are read in the tenant's default region.</summary>
    public async Task<ScriptAnswers> CheckAnswersAsync(Guid id, int version, IReadOnlyDictionary<string, string?> answers, CancellationToken cancellationToken = default)
    {
        var script = await GetVersionAsync(id, version, cancellationToken);
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        return script.Check(answers, region);
    }

    internal static NotFoundProblem ScriptNotFound(Guid id) => new($"No call script has the id {id}. List them with GET /api/v1/call-scripts.");
}
