using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Contacts.Filters;
using Outdial.Numbers;
using Outdial.Persistence;
using Outdial.Persistence.Campaigns;

namespace Outdial.Campaigns;

/// <summary>A record together with the names of its contact and of the operator who handled it last, for lists.</summary>
public sealed record RecordView(CampaignRecord Record, string ContactName, string? OperatorName = null);

/// <summary>A campaign's figures: from its records (states, attempts, results) and from its calls.</summary>
/// <param name="Results">Records (contacts) by the last result an operator chose for them; per call, see <see cref="CallFigures.Results"/>.</param>
public sealed record CampaignStatistics(
    IReadOnlyDictionary<CampaignRecordState, int> RecordsByState, int Records, int Processed, int Waiting, int Attempts, IReadOnlyDictionary<string, int> Results,
    CallFigures Calls);

/// <summary>
/// What the campaign's calls did. The connect rate is connected calls over calls placed; the
/// abandon rate is abandoned calls (nobody free, or the person hung up waiting) over live answers,
/// as regulators count it.
/// </summary>
/// <param name="Results">Sessions by the result the operator chose (every call and session, as the Sessions list counts them).</param>
public sealed record CallFigures(
    int Placed, int LiveAnswers, int Connected, int Abandoned, double? ConnectRate, double? AbandonRate, double? AverageTalkSeconds, IReadOnlyList<DayFigures> Days,
    IReadOnlyDictionary<string, int> Results);

/// <summary>One UTC day of a campaign's calls, for charts.</summary>
public sealed record DayFigures(DateOnly Date, int Placed, int Connected, int Abandoned);

/// <summary>How far a campaign is: its records, and those in a final state.</summary>
public sealed record CampaignProgress(int Records, int Processed);

/// <summary>What adding contacts by their data did: created or matched in the directory, then added to the campaign.</summary>
public sealed record AddedContactData(int Created, int Matched, int Added, int AlreadyInCampaign, int Invalid, int Blacklisted, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What adding contacts to a campaign did.</summary>
public sealed record AddedContacts(int Added, int AlreadyInCampaign, int Invalid, int Blacklisted, IReadOnlyList<Guid> NotFound);

/// <summary>The contacts inside campaigns: created when a campaign starts, added later, listed, removed.</summary>
public sealed class CampaignRecords(IDbContextFactory<OutdialDbContext> databases, ContactDirectory contacts, SavedFilters filters, Blacklist blacklist, CampaignEvents events, TimeProvider clock)
{
    private const int BatchSize = 5000;

    /// <summary>
    /// Creates a record for every contact the campaign's filter matches and that is not in the
    /// campaign yet. Two streaming reads in the same order — the matching contacts, and their
    /// phones — feed inserts in batches (each one transaction), so memory stays small and
    /// starting again after a failure adds only what is missing.
    /// </summary>
    /// <summary>The contacts a campaign selects: its saved filter, the filter built in place, or (neither) the whole directory.</summary>
    public async Task<FilterNode?> FilterOfAsync(CampaignSettings settings, CancellationToken cancellationToken = default) =>
        settings.FilterId is { } filterId ? await filters.ResolveAsync(filterId, cancellationToken)
        : settings.Filter is { } json ? await ParseFilterAsync(json, cancellationToken)
        : null;

    private async Task<FilterNode> ParseFilterAsync(string json, CancellationToken cancellationToken)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return await contacts.ParseFilterAsync(document.RootElement, "filter", cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new InvalidInputProblem("filter", "The filter is not valid JSON; build it again (docs/contact-filters.md).");
        }
    }

    /// <summary>
    /// Creates the campaign's records from its filter, evaluated once, in the database: one
    /// <c>INSERT … SELECT</c> (phone chosen, no usable number → invalid record), then the new
    /// numbers are checked against the blacklist (prefixes, expiry: its in-memory index) and the
    /// blocked ones marked blacklisted. Contacts already in the campaign are counted, not added.
    /// </summary>
    /// <param name="progress">Told the number of records created once they exist (the insert is one statement).</param>
    public async Task<AddedContacts> MaterialiseAsync(Campaign campaign, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var filter = await FilterOfAsync(campaign.Settings, cancellationToken);
        var now = clock.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var records = db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaign.Id);
        var after = await records.MaxAsync(r => (long?)r.Order, cancellationToken) ?? 0;
        var matching = ContactDirectory.Matching(db, filter);
        var already = await matching.CountAsync(c => records.Any(r => r.ContactId == c.Id), cancellationToken);
        var label = campaign.Settings.PhoneField == CampaignSettings.FirstValidPhone ? null : campaign.Settings.PhoneField;
        var added = await CampaignRecordBulk.InsertAsync(db, matching.Select(c => c.Id), campaign.Id, label, after, now, cancellationToken);
        progress?.Report(added);

        var index = await blacklist.IndexAsync(cancellationToken);
        var blocked = new List<Guid>();
        var fresh = records.Where(r => r.Order > after);
        await foreach (var record in fresh.Where(r => r.State == CampaignRecordState.Initial).Select(r => new { r.Id, r.Phone }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (index.Blocking(record.Phone!, now) is not null)
            {
                blocked.Add(record.Id);
            }
        }

        foreach (var chunk in blocked.Chunk(BatchSize))
        {
            await db.CampaignRecords.Where(r => chunk.Contains(r.Id)).ExecuteUpdateAsync(set => set.SetProperty(r => r.State, CampaignRecordState.Blacklisted), cancellationToken);
        }

        var invalid = await fresh.CountAsync(r => r.State == CampaignRecordState.InvalidRecord, cancellationToken);
        return new AddedContacts(added, already, invalid, blocked.Count, []);
    }

    /// <summary>Adds contacts by id to a campaign that has not ended; a contact already in it changes nothing.</summary>
    public async Task<AddedContacts> AddContactsAsync(Guid campaignId, IReadOnlyList<Guid> contactIds, CancellationToken cancellationToken = default)
    {
        var campaign = await OpenCampaignAsync(campaignId, cancellationToken);
        var found = new List<Contact>();
        var notFound = new List<Guid>();
        foreach (var id in contactIds.Distinct())
        {
            try
            {
                found.Add(await contacts.GetAsync(id, cancellationToken));
            }
            catch (NotFoundProblem)
            {
                notFound.Add(id);
            }
        }

        var added = await AddAsync(campaign, found, cancellationToken);
        return added with { NotFound = notFound };
    }

    /// <summary>
    /// Puts the contacts of one campaign into another (a clone gets "the same contacts"). A contact
    /// removed from the original (by the supervisor or a rule) comes as a removed record: it is not
    /// one of the campaign's contacts, and starting the clone must not add it again from the filter.
    /// </summary>
    public async Task CopyAsync(Guid fromCampaignId, Campaign to, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var records = await db.CampaignRecords.Where(r => r.CampaignId == fromCampaignId)
            .OrderBy(r => r.Order).Select(r => new { r.ContactId, Removed = r.State == CampaignRecordState.Removed }).ToListAsync(cancellationToken);
        var removed = records.Where(r => r.Removed).Select(r => r.ContactId).ToHashSet();
        foreach (var chunk in records.Select(r => r.ContactId).Chunk(BatchSize))
        {
            var batch = await db.Contacts.AsNoTracking().Include(c => c.Phones).Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken);
            var order = chunk.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
            await AddAsync(to, [.. batch.OrderBy(c => order[c.Id])], cancellationToken, removed);
        }
    }

    /// <summary>
    /// Adds contacts given by their data (as an integrator sends them): each is matched in the
    /// directory by <paramref name="match"/> or created there, then added to the campaign. An
    /// invalid item is reported by its index and skipped.
    /// </summary>
    public async Task<AddedContactData> AddContactDataAsync(Guid campaignId, IReadOnlyList<ContactInput> inputs, DuplicateMatch match, Actor actor, CancellationToken cancellationToken = default)
    {
        await OpenCampaignAsync(campaignId, cancellationToken);
        var ids = new List<Guid>();
        var errors = new Dictionary<string, string[]>();
        int created = 0, matched = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            try
            {
                if (await FindAsync(inputs[i], match, cancellationToken) is { } existing)
                {
                    ids.Add(existing);
                    matched++;
                }
                else
                {
                    ids.Add((await contacts.CreateAsync(inputs[i], actor, cancellationToken)).Contact.Id);
                    created++;
                }
            }
            catch (OutdialProblem problem)
            {
                errors[$"contacts[{i}]"] = [problem.Message];
            }
        }

        var added = ids.Count > 0 ? await AddContactsAsync(campaignId, ids, cancellationToken) : new AddedContacts(0, 0, 0, 0, []);
        return new AddedContactData(created, matched, added.Added, added.AlreadyInCampaign, added.Invalid, added.Blacklisted, errors);
    }

    /// <summary>The directory's contact that <paramref name="input"/> describes, by phone (any format), e-mail or external id.</summary>
    private async Task<Guid?> FindAsync(ContactInput input, DuplicateMatch match, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var region = (await db.TenantSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.DefaultRegion ?? "CZ";
        switch (match)
        {
            case DuplicateMatch.Phone:
                var numbers = (input.Phones ?? []).Select(p => PhoneNumber.ToE164(p.Number, region)).OfType<string>().ToList();
                return await db.ContactPhones.Where(p => numbers.Contains(p.E164!)).Select(p => (Guid?)p.ContactId).FirstOrDefaultAsync(cancellationToken);
            case DuplicateMatch.Email:
                var emails = (input.Emails ?? []).Select(e => e.Trim().ToLowerInvariant()).ToList();
                return await db.ContactEmails.Where(e => emails.Contains(e.Normalized)).Select(e => (Guid?)e.ContactId).FirstOrDefaultAsync(cancellationToken);
            case DuplicateMatch.ExternalId when input.ExternalId is { Length: > 0 } externalId:
                var id = externalId.Trim();
                return await db.Contacts.Where(c => c.ExternalId == id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
            default:
                return null;
        }
    }

    public async Task<Page<RecordView>> ListAsync(Guid campaignId, CampaignRecordState? state, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new NotFoundProblem($"No campaign has the id {campaignId}.");
        }

        var query = db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId);
        if (state is { } wanted)
        {
            query = query.Where(r => r.State == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(r => r.Order).Skip(page.Offset).Take(page.Limit)
            .GroupJoin(db.Contacts, r => r.ContactId, c => c.Id, (r, matches) => new { r, matches })
            .SelectMany(x => x.matches.DefaultIfEmpty(), (x, c) => new { x.r, Name = c == null ? null : c.DisplayName })
            .ToListAsync(cancellationToken);
        var operatorIds = rows.Select(x => x.r.OperatorId).OfType<Guid>().Distinct().ToList();
        var operators = await db.Users.AsNoTracking().Where(u => operatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        return new Page<RecordView>(
            [.. rows.OrderBy(x => x.r.Order).Select(x => new RecordView(x.r, x.Name ?? "(deleted contact)", x.r.OperatorId is { } op ? operators.GetValueOrDefault(op) : null))],
            total, page.Offset, page.Limit);
    }

    /// <summary>Counts by state, attempts and operator results, computed in the database.</summary>
    public async Task<CampaignStatistics> StatisticsAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new NotFoundProblem($"No campaign has the id {campaignId}.");
        }

        var records = db.CampaignRecords.Where(r => r.CampaignId == campaignId);
        var byState = (await records.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Key, c => c.Count);
        var attempts = await records.SumAsync(r => r.Attempts, cancellationToken);
        var results = (await records.Where(r => r.LastOperatorResult != null).GroupBy(r => r.LastOperatorResult!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Key, c => c.Count);
        var processed = byState.Where(s => CampaignRecord.IsFinal(s.Key)).Sum(s => s.Value);
        return new CampaignStatistics(
            Enum.GetValues<CampaignRecordState>().ToDictionary(s => s, s => byState.GetValueOrDefault(s)),
            byState.Values.Sum(), processed, byState.Values.Sum() - processed, attempts, results, await CallFiguresAsync(db, campaignId, cancellationToken));
    }

    private static readonly string[] Abandons = ["Abandoned", "CancelledByClient"];
    private static readonly string[] LiveAnswers = ["Answered", "Abandoned", "CancelledByClient"];

    /// <summary>Counted in the database, per UTC day of the dial; the totals are the days' sums.</summary>
    private static async Task<CallFigures> CallFiguresAsync(OutdialDbContext db, Guid campaignId, CancellationToken cancellationToken)
    {
        var calls = db.CampaignAttempts.Where(a => a.CampaignId == campaignId && a.DialledOn != null);
        var days = await calls.GroupBy(a => a.DialledOn!.Value).Select(g => new
        {
            Date = g.Key,
            Placed = g.Count(),
            Live = g.Count(a => LiveAnswers.Contains(a.DialResult!)),
            Connected = g.Count(a => a.ConnectedAt != null),
            Abandoned = g.Count(a => Abandons.Contains(a.DialResult!)),
        }).OrderBy(d => d.Date).ToListAsync(cancellationToken);
        var talk = await calls.Where(a => a.TalkSeconds != null).Select(a => (double?)a.TalkSeconds).AverageAsync(cancellationToken);
        var results = (await db.CampaignAttempts.Where(a => a.CampaignId == campaignId && a.Result != null).GroupBy(a => a.Result!)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken)).ToDictionary(r => r.Key, r => r.Count);
        int placed = days.Sum(d => d.Placed), live = days.Sum(d => d.Live), connected = days.Sum(d => d.Connected), abandoned = days.Sum(d => d.Abandoned);
        return new CallFigures(
            placed, live, connected, abandoned,
            placed == 0 ? null : (double)connected / placed,
            live == 0 ? null : (double)abandoned / live,
            talk is { } average ? Math.Round(average, 1) : null,
            [.. days.Select(d => new DayFigures(d.Date, d.Placed, d.Connected, d.Abandoned))],
            results);
    }

    /// <summary>Records and processed records (in a final state) of each campaign, for the progress bars of the campaigns list.</summary>
    public async Task<IReadOnlyDictionary<Guid, CampaignProgress>> ProgressAsync(IReadOnlyCollection<Guid> campaignIds, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = campaignIds.ToList();
        var counts = await db.CampaignRecords.Where(r => ids.Contains(r.CampaignId))
            .GroupBy(r => new { r.CampaignId, r.State })
            .Select(g => new { g.Key.CampaignId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.GroupBy(c => c.CampaignId).ToDictionary(
            g => g.Key,
            g => new CampaignProgress(g.Sum(c => c.Count), g.Where(c => CampaignRecord.IsFinal(c.State)).Sum(c => c.Count)));
    }

    /// <summary>The record's history: every session and call, oldest first.</summary>
    public async Task<IReadOnlyList<CampaignAttempt>> AttemptsAsync(Guid campaignId, Guid recordId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.CampaignRecords.AnyAsync(r => r.Id == recordId && r.CampaignId == campaignId, cancellationToken))
        {
            throw new NotFoundProblem($"The campaign has no record with the id {recordId}. List them with GET /api/v1/campaigns/{campaignId}/records.");
        }

        var attempts = await db.CampaignAttempts.AsNoTracking().Where(a => a.RecordId == recordId).ToListAsync(cancellationToken);
        return [.. attempts.OrderBy(a => a.StartedAt)];
    }

    public async Task<CampaignRecord> RemoveAsync(Guid campaignId, Guid recordId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var record = await db.CampaignRecords.SingleOrDefaultAsync(r => r.Id == recordId && r.CampaignId == campaignId, cancellationToken)
            ?? throw new NotFoundProblem($"The campaign has no record with the id {recordId}.");
        record.Remove(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await events.RecordRemovedAsync(campaignId, recordId);
        return record;
    }

    private async Task<Campaign> OpenCampaignAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
            ?? throw new NotFoundProblem($"No campaign has the id {campaignId}.");
        return CampaignLifecycle.IsFinal(campaign.State)
            ? throw new ConflictProblem($"The campaign is {CampaignLifecycle.Describe(campaign.State)}; add the contacts to a running, paused or endless campaign, or clone this one.")
            : campaign;
    }

    /// <param name="removed">Contacts whose records are added as removed (a clone's copy of the original's removed records).</param>
    private async Task<AddedContacts> AddAsync(Campaign campaign, IReadOnlyList<Contact> batch, CancellationToken cancellationToken, IReadOnlySet<Guid>? removed = null)
    {
        var index = await blacklist.IndexAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = batch.Select(c => c.Id).ToList();
        var present = (await db.CampaignRecords.Where(r => r.CampaignId == campaign.Id && ids.Contains(r.ContactId)).Select(r => r.ContactId).ToListAsync(cancellationToken)).ToHashSet();
        var order = await db.CampaignRecords.Where(r => r.CampaignId == campaign.Id).Select(r => (long?)r.Order).MaxAsync(cancellationToken) ?? 0;
        int added = 0, invalid = 0, blacklisted = 0;
        var addedIds = new List<Guid>();
        foreach (var contact in batch.Where(c => !present.Contains(c.Id)))
        {
            var phones = contact.Phones.OrderBy(p => p.Position).Select(p => (p.Label, p.E164)).ToList();
            var record = CampaignRecord.For(campaign.Id, contact.Id, ++order, phones, campaign.Settings.PhoneField, e164 => index.Blocking(e164, now) is not null, now);
            if (removed?.Contains(contact.Id) == true && !CampaignRecord.IsFinal(record.State))
            {
                record.Remove(now);
            }

            db.CampaignRecords.Add(record);
            addedIds.Add(record.Id);
            added++;
            invalid += record.State == CampaignRecordState.InvalidRecord ? 1 : 0;
            blacklisted += record.State == CampaignRecordState.Blacklisted ? 1 : 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (campaign.State is CampaignState.Running or CampaignState.Paused)
        {
            await events.RecordsAddedAsync(campaign.Id, addedIds);
        }

        return new AddedContacts(added, present.Count, invalid, blacklisted, []);
    }
}
