using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Csv;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Numbers;

/// <summary>The answer to "may this number be dialled?".</summary>
public sealed record BlacklistCheck(string Number, string? E164, bool Blocked, string? BlockedBy);

/// <summary>
/// The do-not-call list: stored in the database, mirrored in memory by a
/// <see cref="BlacklistIndex"/> that is checked before every dial.
/// </summary>
public sealed class Blacklist(IDbContextFactory<OutdialDbContext> databases, TenantSettingsStore settings, TimeProvider clock)
{
    public const int MaxImportErrors = 1000;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private BlacklistIndex? _index;

    public async Task<Page<BlacklistEntry>> ListAsync(string? search, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Blacklist.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var digits = new string([.. search.Where(c => char.IsDigit(c) || c == '+')]);
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(b => (digits.Length > 0 && b.Pattern.Contains(digits)) || b.Reason.ToLower().Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(b => b.AddedAt).ThenBy(b => b.Pattern).Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
        return new Page<BlacklistEntry>(items, total, page.Offset, page.Limit);
    }

    public async Task<BlacklistEntry> AddAsync(string number, bool isPrefix, string? reason, string addedBy, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        var entry = BlacklistEntry.Create(number, isPrefix, reason, addedBy, clock.GetUtcNow(), expiresAt, region);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Blacklist.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        (await IndexAsync(cancellationToken)).Add(entry);
        return entry;
    }

    public async Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entry = await db.Blacklist.SingleOrDefaultAsync(b => b.Id == id, cancellationToken)
            ?? throw new NotFoundProblem($"No blacklist entry has the id {id}. It may have been removed already.");
        db.Blacklist.Remove(entry);
        await db.SaveChangesAsync(cancellationToken);
        var index = await IndexAsync(cancellationToken);
        index.Remove(entry.Pattern, entry.IsPrefix);

        // Another entry may still block the same pattern.
        foreach (var other in await db.Blacklist.AsNoTracking().Where(b => b.Pattern == entry.Pattern && b.IsPrefix == entry.IsPrefix).ToListAsync(cancellationToken))
        {
            index.Add(other);
        }
    }

    /// <summary>
    /// Imports a CSV file with a <c>number</c> column and optional <c>type</c> (number or prefix),
    /// <c>reason</c> and <c>expiresAt</c>. All rows are checked first: if any is invalid, nothing is
    /// written and every bad row is reported; otherwise all rows are written in one transaction.
    /// </summary>
    public async Task<int> ImportAsync(TextReader csv, string addedBy, CancellationToken cancellationToken = default)
    {
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        var now = clock.GetUtcNow();
        using var table = CsvTable.Open(csv);
        var numberColumn = table.Column("number", "phone", "číslo", "telefon");
        if (numberColumn < 0)
        {
            throw new InvalidInputProblem("file", "The file has no 'number' column. Name the first row's columns: number, type (number or prefix), reason, expiresAt.");
        }

        var typeColumn = table.Column("type");
        var reasonColumn = table.Column("reason");
        var expiresColumn = table.Column("expiresAt", "expires");
        var entries = new List<BlacklistEntry>();
        var errors = new Dictionary<string, string[]>();
        foreach (var row in table.Rows())
        {
            try
            {
                if (row.UnbalancedQuote)
                {
                    throw new InvalidInputProblem("file", CsvRow.UnbalancedQuoteMessage);
                }

                var type = row.Cell(typeColumn)?.Trim().ToLowerInvariant();
                if (type is not (null or "" or "number" or "prefix"))
                {
                    throw new InvalidInputProblem("type", $"'{type}' is not a type; write number or prefix.");
                }

                DateTimeOffset? expiresAt = null;
                if (row.Cell(expiresColumn) is { Length: > 0 } expiresText)
                {
                    expiresAt = DateTimeOffset.TryParse(expiresText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                        ? parsed
                        : throw new InvalidInputProblem("expiresAt", $"'{expiresText}' is not a date; write YYYY-MM-DD.");
                }

                entries.Add(BlacklistEntry.Create(row.Cell(numberColumn) ?? "", type == "prefix", row.Cell(reasonColumn), addedBy, now, expiresAt, region));
            }
            catch (InvalidInputProblem problem) when (errors.Count < MaxImportErrors)
            {
                errors[$"row {row.RowNumber}"] = [.. problem.Errors.Values.SelectMany(v => v)];
            }
            catch (InvalidInputProblem)
            {
                // The report stops at MaxImportErrors rows; the file is refused anyway.
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in entries.Chunk(5000))
        {
            db.Blacklist.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        var index = await IndexAsync(cancellationToken);
        foreach (var entry in entries)
        {
            index.Add(entry);
        }

        return entries.Count;
    }

    /// <summary>Whether <paramref name="number"/> (any format) may be dialled now.</summary>
    public async Task<BlacklistCheck> CheckAsync(string number, CancellationToken cancellationToken = default)
    {
        var region = (await settings.GetAsync(cancellationToken)).DefaultRegion;
        var e164 = PhoneNumber.ToE164(number, region);
        if (e164 is null)
        {
            throw new InvalidInputProblem("number", $"'{number}' is not a valid phone number (default region {region}).");
        }

        var blockedBy = (await IndexAsync(cancellationToken)).Blocking(e164, clock.GetUtcNow());
        return new BlacklistCheck(number, e164, blockedBy is not null, blockedBy);
    }

    /// <summary>The in-memory index, loaded from the database on first use.</summary>
    public async Task<BlacklistIndex> IndexAsync(CancellationToken cancellationToken = default)
    {
        if (_index is { } ready)
        {
            return ready;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_index is null)
            {
                var index = new BlacklistIndex();
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                var now = clock.GetUtcNow();
                await foreach (var entry in db.Blacklist.AsNoTracking().Where(b => b.ExpiresAt == null || b.ExpiresAt > now)
                    .Select(b => new { b.Pattern, b.IsPrefix, b.ExpiresAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    index.Add(entry.Pattern, entry.IsPrefix, entry.ExpiresAt);
                }

                _index = index;
            }

            return _index;
        }
        finally
        {
            _loading.Release();
        }
    }
}
