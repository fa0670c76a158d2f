using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts.Filters;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Contacts;

/// <summary>Who did something, for the timeline.</summary>
public sealed record Actor(Guid? UserId, string Name)
{
    public static Actor System { get; } = new(null, "Outdial");
}

/// <summary>A saved contact and what was worth telling about it (e.g. a number that is kept but cannot be dialled).</summary>
public sealed record SavedContact(Contact Contact, IReadOnlyList<string> Warnings);

/// <summary>The result of one item of a bulk create.</summary>
public sealed record BulkItemResult(int Index, Guid? Id, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyList<string> Warnings);

/// <summary>How a contact list is ordered.</summary>
public enum ContactSort
{
    DisplayName,
    LastName,
    Company,
    CreatedAt,
    UpdatedAt,
}

/// <summary>The contact directory: contacts, their search, filters, merge and timeline.</summary>
public sealed class ContactDirectory(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    public const int MaxBulk = 1000;

    public async Task<SavedContact> CreateAsync(ContactInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var contact = Contact.Create(input, rules, now, out var warnings);
        await EnsureExternalIdFreeAsync(db, contact.ExternalId, contact.Id, cancellationToken);
        db.Contacts.Add(contact);
        db.ContactEvents.Add(new ContactEvent(contact.Id, ContactEventKind.Created, $"Created by {actor.Name}", now, actor.UserId, actor.Name));
        await SaveAsync(db, contact.ExternalId, cancellationToken);
        return new SavedContact(contact, warnings);
    }

    public async Task<SavedContact> UpdateAsync(Guid id, ContactInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var contact = await LoadAsync(db, id, cancellationToken);
        var now = clock.GetUtcNow();
        var warnings = contact.Update(input, rules, now);
        await EnsureExternalIdFreeAsync(db, contact.ExternalId, contact.Id, cancellationToken);
        db.ContactEvents.Add(new ContactEvent(contact.Id, ContactEventKind.Updated, $"Updated by {actor.Name}", now, actor.UserId, actor.Name));
        await SaveAsync(db, contact.ExternalId, cancellationToken);
        return new SavedContact(contact, warnings);
    }

    /// <summary>
    /// Sets one custom value of a contact and writes nothing else of it, so that an edit someone
    /// makes to the contact at the same moment is kept (rules set values this way).
    /// </summary>
    /// <exception cref="InvalidInputProblem">No such field, or the value does not fit its type.</exception>
    public async Task SetCustomValueAsync(Guid id, string fieldKey, string value, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var field = rules.Fields.Values.FirstOrDefault(f => string.Equals(f.Key, fieldKey, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputProblem($"custom:{fieldKey}", $"There is no custom field '{fieldKey}'. Create it under Settings → Contact fields.");
        var parsed = field.Parse(value);
        if (parsed.Value is not { } fieldValue)
        {
            throw new InvalidInputProblem($"custom:{field.Key}", parsed.Problem ?? $"'{value}' does not fit the field {field.Label}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await db.Contacts.Where(c => c.Id == id).ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, now), cancellationToken) == 0)
        {
            throw ContactNotFound(id);
        }

        await db.ContactFieldValues.Where(v => v.ContactId == id && v.FieldKey == field.Key).ExecuteDeleteAsync(cancellationToken);
        var row = new ContactFieldValue(field.Key, fieldValue);
        db.ContactFieldValues.Add(row);
        db.Entry(row).Property(v => v.ContactId).CurrentValue = id;
        db.ContactEvents.Add(new ContactEvent(id, ContactEventKind.Updated, $"{field.Label} set to '{fieldValue}' by {actor.Name}", now, actor.UserId, actor.Name));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Contacts.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw ContactNotFound(id);
        }
    }

    public async Task<Contact> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await LoadAsync(db, id, cancellationToken, tracking: false);
    }

    /// <summary>
    /// Creates up to <see cref="MaxBulk"/> contacts in one transaction; an invalid item is
    /// reported (by its index in the request) and skipped, the valid ones are saved together.
    /// </summary>
    public async Task<IReadOnlyList<BulkItemResult>> CreateManyAsync(IReadOnlyList<(int Index, ContactInput Input)> inputs, Actor actor, CancellationToken cancellationToken = default)
    {
        if (inputs.Count is 0 or > MaxBulk)
        {
            throw new InvalidInputProblem("contacts", $"Send 1 to {MaxBulk} contacts per request.");
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var results = new List<BulkItemResult>();
        var created = new List<(int Index, Contact Contact, IReadOnlyList<string> Warnings)>();
        var externalIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, input) in inputs)
        {
            try
            {
                var contact = Contact.Create(input, rules, now, out var warnings);
                if (contact.ExternalId is { } externalId && !externalIds.Add(externalId))
                {
                    throw new InvalidInputProblem("externalId", $"The external id '{externalId}' appears twice in this request.");
                }

                created.Add((index, contact, warnings));
            }
            catch (InvalidInputProblem problem)
            {
                results.Add(new BulkItemResult(index, null, problem.Errors, []));
            }
        }

        var taken = (await db.Contacts.Where(c => c.ExternalId != null && externalIds.Contains(c.ExternalId)).Select(c => c.ExternalId!).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var (index, contact, warnings) in created)
        {
            if (contact.ExternalId is { } externalId && taken.Contains(externalId))
            {
                results.Add(new BulkItemResult(index, null, new Dictionary<string, string[]>
                {
                    ["externalId"] = [$"Another contact already has the external id '{externalId}'."],
                }, []));
                continue;
            }

            db.Contacts.Add(contact);
            db.ContactEvents.Add(new ContactEvent(contact.Id, ContactEventKind.Created, $"Created by {actor.Name} (bulk)", now, actor.UserId, actor.Name));
            results.Add(new BulkItemResult(index, contact.Id, null, warnings));
        }

        await db.SaveChangesAsync(cancellationToken);
        return [.. results.OrderBy(r => r.Index)];
    }

    /// <summary>
    /// Merges <paramref name="otherId"/> into <paramref name="id"/>: the kept contact takes the
    /// other's missing fields, phones, e-mails, custom values and timeline; the other is deleted.
    /// </summary>
    public async Task<Contact> MergeAsync(Guid id, Guid otherId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (id == otherId)
        {
            throw new InvalidInputProblem("otherContactId", "A contact cannot be merged with itself; choose the duplicate to merge into this one.");
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contact = await LoadAsync(db, id, cancellationToken);
        var other = await LoadAsync(db, otherId, cancellationToken);
        var now = clock.GetUtcNow();

        await db.ContactEvents.Where(e => e.ContactId == otherId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ContactId, id), cancellationToken);
        db.Contacts.Remove(other);
        await db.SaveChangesAsync(cancellationToken); // frees the other's external id before this one may take it

        var droppedExternalId = contact.ExternalId is not null && other.ExternalId is not null && other.ExternalId != contact.ExternalId ? other.ExternalId : null;
        contact.Absorb(other, now);
        var text = $"Merged with {other.DisplayName} by {actor.Name}" + (droppedExternalId is null ? "" : $"; its external id {droppedExternalId} was dropped (a contact has one)");
        db.ContactEvents.Add(new ContactEvent(id, ContactEventKind.Merged, text, now, actor.UserId, actor.Name));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return contact;
    }

    public async Task<Page<ContactEvent>> TimelineAsync(Guid id, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Contacts.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw ContactNotFound(id);
        }

        var events = db.ContactEvents.AsNoTracking().Where(e => e.ContactId == id);
        var total = await events.CountAsync(cancellationToken);
        var items = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<ContactEvent>(items, total, page.Offset, page.Limit);
    }

    /// <summary>Parses a filter in the JSON format against the current custom fields.</summary>
    public async Task<FilterNode> ParseFilterAsync(System.Text.Json.JsonElement json, string path = "filter", CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return (await FilterParserAsync(db, cancellationToken)).Parse(json, path);
    }

    /// <summary>A filter parser that knows the current custom fields and the default region, for parsing several filters at once.</summary>
    public static async Task<ContactFilterParser> FilterParserAsync(OutdialDbContext db, CancellationToken cancellationToken)
    {
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        return new ContactFilterParser(rules.Fields, rules.DefaultRegion);
    }

    /// <summary>
    /// A page of contacts matching an optional search text and an optional filter, with the total
    /// count. Runs in the database.
    /// </summary>
    public async Task<Page<Contact>> ListAsync(string? search, FilterNode? filter, ContactSort sort, bool descending, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var query = Matching(db, filter, search, rules.DefaultRegion);

        var total = await query.CountAsync(cancellationToken);
        var ids = await Sorted(query, sort, descending).Skip(page.Offset).Take(page.Limit).Select(c => c.Id).ToListAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking().AsSplitQuery()
            .Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Values)
            .Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var order = ids.Select((contactId, index) => (contactId, index)).ToDictionary(p => p.contactId, p => p.index);
        return new Page<Contact>([.. contacts.OrderBy(c => order[c.Id])], total, page.Offset, page.Limit);
    }

    /// <summary>
    /// Every matching contact, in batches, oldest first. The ids are read first (one small column),
    /// then the contacts batch by batch, so the cost stays linear however large the directory is.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Contact>> MatchingInBatchesAsync(
        string? search, FilterNode? filter, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);
        var query = Matching(db, filter, search, rules.DefaultRegion);

        var ids = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(batchSize))
        {
            var contacts = await db.Contacts.AsNoTracking().AsSplitQuery()
                .Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Values)
                .Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken);
            var order = chunk.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
            yield return [.. contacts.OrderBy(c => order[c.Id])];
        }
    }

    public async Task<int> CountAsync(FilterNode? filter, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Matching(db, filter).CountAsync(cancellationToken);
    }

    /// <summary>The contacts a filter selects, as a query to build on (null: the whole directory).</summary>
    public static IQueryable<Contact> Matching(OutdialDbContext db, FilterNode? filter) =>
        filter is null ? db.Contacts.AsNoTracking() : db.Contacts.AsNoTracking().Where(ContactFilterExpressions.ToPredicate(filter, db.ContactRows));

    private static IQueryable<Contact> Matching(OutdialDbContext db, FilterNode? filter, string? search, string defaultRegion) =>
        string.IsNullOrWhiteSpace(search) ? Matching(db, filter) : Matching(db, filter).Where(SearchPredicate(search.Trim(), defaultRegion));

    /// <summary>Name, company and e-mail contain the text; a phone matches whatever format the text uses.</summary>
    private static Expression<Func<Contact, bool>> SearchPredicate(string search, string defaultRegion)
    {
        var term = search.ToLowerInvariant();
        Expression<Func<Contact, bool>> byText = c => c.DisplayNameSearch.Contains(term)
            || (c.FirstNameSearch != null && c.FirstNameSearch.Contains(term))
            || (c.LastNameSearch != null && c.LastNameSearch.Contains(term))
            || (c.CompanySearch != null && c.CompanySearch.Contains(term))
            || c.Emails.Any(e => e.Normalized.Contains(term));

        // Digits search phones: the whole number in any format, or a run of at least 3 digits.
        var digits = new string([.. search.Where(char.IsDigit)]);
        if (digits.Length < 3 || digits.Length * 2 < search.Count(c => !char.IsWhiteSpace(c)))
        {
            return byText;
        }

        var e164 = PhoneNumber.ToE164(search, defaultRegion) ?? "+" + digits;
        Expression<Func<Contact, bool>> byPhone = c => c.Phones.Any(p => p.E164 == e164 || (p.E164 != null && p.E164.Contains(digits)));
        var parameter = byText.Parameters[0];
        var body = Expression.OrElse(byText.Body, new ParameterSwap(byPhone.Parameters[0], parameter).Visit(byPhone.Body));
        return Expression.Lambda<Func<Contact, bool>>(body, parameter);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static IQueryable<Contact> Sorted(IQueryable<Contact> query, ContactSort sort, bool descending) => (sort, descending) switch
    {
        (ContactSort.LastName, false) => query.OrderBy(c => c.LastNameSearch).ThenBy(c => c.Id),
        (ContactSort.LastName, true) => query.OrderByDescending(c => c.LastNameSearch).ThenBy(c => c.Id),
        (ContactSort.Company, false) => query.OrderBy(c => c.CompanySearch).ThenBy(c => c.Id),
        (ContactSort.Company, true) => query.OrderByDescending(c => c.CompanySearch).ThenBy(c => c.Id),
        (ContactSort.CreatedAt, false) => query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (ContactSort.CreatedAt, true) => query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (ContactSort.UpdatedAt, false) => query.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id),
        (ContactSort.UpdatedAt, true) => query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id),
        (_, false) => query.OrderBy(c => c.DisplayNameSearch).ThenBy(c => c.Id),
        (_, true) => query.OrderByDescending(c => c.DisplayNameSearch).ThenBy(c => c.Id),
    };

    private static async Task<Contact> LoadAsync(OutdialDbContext db, Guid id, CancellationToken cancellationToken, bool tracking = true)
    {
        var query = tracking ? db.Contacts : db.Contacts.AsNoTracking();
        return await query.AsSplitQuery().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Values)
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw ContactNotFound(id);
    }

    private static async Task EnsureExternalIdFreeAsync(OutdialDbContext db, string? externalId, Guid contactId, CancellationToken cancellationToken)
    {
        if (externalId is not null && await db.Contacts.AnyAsync(c => c.ExternalId == externalId && c.Id != contactId, cancellationToken))
        {
            throw DuplicateExternalId(externalId);
        }
    }

    /// <summary>Saves; a unique-index race on the external id becomes the same 409 as the check before it.</summary>
    private static async Task SaveAsync(OutdialDbContext db, string? externalId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (externalId is not null)
        {
            throw DuplicateExternalId(externalId);
        }
    }

    private static ConflictProblem DuplicateExternalId(string externalId) =>
        new($"Another contact already has the external id '{externalId}'. External ids are unique: open that contact, or merge the two.");

    private static NotFoundProblem ContactNotFound(Guid id) => new($"No contact has the id {id}. It may have been deleted or merged into another contact.");
}
