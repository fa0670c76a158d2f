using Microsoft.EntityFrameworkCore;
using Outdial.Csv;
using Outdial.Persistence;
using Outdial.Persistence.Contacts;
using Outdial.Settings;

namespace Outdial.Contacts;

public enum ImportField
{
    Ignore,
    FirstName,
    LastName,
    DisplayName,
    Company,
    Email,
    Phone,
    ExternalId,
    TimeZone,
    Custom,
}

/// <summary>Where one CSV column goes: a standard field, a phone with its label, or a custom field (created when missing).</summary>
public sealed record ImportTarget(ImportField Field, string? PhoneLabel = null, string? CustomKey = null, ContactFieldType CustomType = ContactFieldType.Text)
{
    public static ImportTarget Ignore { get; } = new(ImportField.Ignore);

    /// <summary>
    /// Reads <c>firstName</c>, <c>lastName</c>, <c>displayName</c>, <c>company</c>, <c>email</c>,
    /// <c>phone</c>, <c>phone:LABEL</c>, <c>externalId</c>, <c>timeZone</c>, <c>custom:KEY</c>,
    /// <c>custom:KEY:TYPE</c> or <c>ignore</c>.
    /// </summary>
    public static ImportTarget Parse(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts[0].Equals("phone", StringComparison.OrdinalIgnoreCase) && parts.Length <= 2)
        {
            return new ImportTarget(ImportField.Phone, PhoneLabel: parts.Length == 2 ? parts[1].Trim().ToLowerInvariant() : "phone");
        }

        if (parts[0].Equals("custom", StringComparison.OrdinalIgnoreCase) && parts.Length is 2 or 3 && ContactField.IsValidKey(parts[1]))
        {
            var type = parts.Length == 3 && Enum.TryParse<ContactFieldType>(parts[2], ignoreCase: true, out var parsed) ? parsed
                : parts.Length == 3 ? throw new InvalidInputProblem("map", $"'{parts[2]}' is not a field type; use text, number, date, yesNo or oneOf.")
                : ContactFieldType.Text;
            return new ImportTarget(ImportField.Custom, CustomKey: parts[1], CustomType: type);
        }

        return parts.Length == 1 && Enum.TryParse<ImportField>(parts[0], ignoreCase: true, out var field) && field is not (ImportField.Phone or ImportField.Custom)
            ? new ImportTarget(field)
            : throw new InvalidInputProblem("map", $"'{text}' is not a field. Use firstName, lastName, displayName, company, email, phone, phone:LABEL, externalId, timeZone, custom:KEY, custom:KEY:TYPE or ignore.");
    }

    /// <summary>A guess from a column's header, in English or Czech ("Phone", "Telefon", "Mobil", "E-mail", "Jméno", …), or an existing custom field's key (with its type).</summary>
    /// <param name="customFields">The custom fields that exist: key and type.</param>
    public static ImportTarget Suggest(string header, IReadOnlyDictionary<string, ContactFieldType> customFields)
    {
        var name = new string([.. header.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
        return name switch
        {
            "firstname" or "first" or "givenname" or "jmeno" or "jméno" or "krestnijmeno" or "křestníjméno" => new(ImportField.FirstName),
            "lastname" or "last" or "surname" or "familyname" or "prijmeni" or "příjmení" => new(ImportField.LastName),
            "name" or "fullname" or "displayname" or "nazev" or "název" => new(ImportField.DisplayName),
            "company" or "organization" or "organisation" or "firma" or "spolecnost" or "společnost" => new(ImportField.Company),
            "email" or "mail" or "emailaddress" => new(ImportField.Email),
            "mobile" or "mobil" or "cell" or "mobilephone" => new(ImportField.Phone, PhoneLabel: "mobile"),
            "work" or "workphone" or "prace" or "práce" => new(ImportField.Phone, PhoneLabel: "work"),
            "home" or "homephone" or "domu" or "domů" => new(ImportField.Phone, PhoneLabel: "home"),
            "phone" or "telephone" or "tel" or "telefon" or "cislo" or "číslo" or "phonenumber" => new(ImportField.Phone, PhoneLabel: "phone"),
            "externalid" or "id" or "crmid" => new(ImportField.ExternalId),
            "timezone" or "tz" => new(ImportField.TimeZone),
            _ when customFields.FirstOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: { } key } field => new(ImportField.Custom, CustomKey: key, CustomType: field.Value),
            _ => Ignore,
        };
    }
}

public enum DuplicateMatch
{
    Phone,
    Email,
    ExternalId,
    None,
}

public enum OnDuplicate
{
    Update,
    Skip,
}

public sealed record ImportOptions(IReadOnlyList<ImportTarget> Columns, DuplicateMatch Match, OnDuplicate OnDuplicate);

/// <summary>
/// Why one row was not imported, or (as a warning) what is wrong with a row that was: its row
/// number in the file (the header is row 1), the column, the value and the reason.
/// </summary>
public sealed record ImportError(int Row, string Column, string Value, string Message);

/// <param name="InvalidPhones">Phones of imported rows that are not valid numbers: kept as written, marked invalid, never dialled.</param>
public sealed record ImportProgress(int Rows, int Created, int Updated, int Skipped, int Failed, int InvalidPhones = 0);

/// <param name="Errors">The first <see cref="ContactImport.MaxReportedErrors"/> rows not imported.</param>
/// <param name="Warnings">The first <see cref="ContactImport.MaxReportedErrors"/> invalid phones of imported rows, one per phone.</param>
public sealed record ImportResult(int Rows, int Created, int Updated, int Skipped, int Failed, IReadOnlyList<ImportError> Errors, int InvalidPhones = 0, IReadOnlyList<ImportError>? Warnings = null)
{
    public ImportProgress Progress => new(Rows, Created, Updated, Skipped, Failed, InvalidPhones);
}

/// <summary>
/// Imports contacts from a CSV table. Each row is imported whole or reported with its reason;
/// rows are written in batches, each batch in one transaction, so a crash or a cancel never
/// leaves half a contact. Duplicates are matched by phone, e-mail or external id — against the
/// directory and against earlier rows of the same file (the same phone written two ways matches).
/// </summary>
/// <remarks>
/// A batch is checked by the domain in parallel (<see cref="Contact.Create"/> for each row: phone
/// parsing, validation, time zone), then decided row by row in file order, then written: new
/// contacts through <see cref="ContactBulkWriter"/>, updates of existing contacts through EF, both
/// in the batch's transaction. At most three batches are held at once (being read, checked and
/// written), so memory stays flat however long the file is.
/// </remarks>
public sealed class ContactImport(IDbContextFactory<OutdialDbContext> databases, ContactFields fields, TimeProvider clock)
{
    /// <summary>
    /// Rows per batch and transaction. Larger batches spread the per-batch duplicate look-ups and
    /// the commit over more rows; 5,000 rows of 10 columns hold a few megabytes.
    /// </summary>
    public const int BatchSize = 5000;
    public const int MaxReportedErrors = 1000;

    public async Task<ImportResult> RunAsync(CsvTable table, ImportOptions options, Actor actor, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Columns.Count != table.Header.Count)
        {
            throw new InvalidInputProblem("map", $"The mapping names {options.Columns.Count} columns but the file has {table.Header.Count}.");
        }

        await EnsureCustomFieldsAsync(options.Columns, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rules = await TenantSettingsStore.DirectoryRulesAsync(db, cancellationToken);

        // One connection for the whole import: the bulk writer's prepared statements live as long as it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var writer = ContactBulkWriter.For(db);
        var state = new ImportState { Header = table.Header };

        // Two batches in flight: while this thread writes one batch, the domain checks the next one
        // on the other cores. Results are taken in file order, so the outcome is the same as one
        // batch after the other.
        Task<CheckedBatch>? previous = null;
        foreach (var rows in Batches(table.Rows(), cancellationToken))
        {
            var next = CheckAsync(rows, table.Header, options, rules, cancellationToken);
            if (previous is not null)
            {
                await ImportBatchAsync(db, writer, await previous, options, rules, actor, state, cancellationToken);
                progress?.Report(state.Progress);
            }

            previous = next;
        }

        if (previous is not null)
        {
            await ImportBatchAsync(db, writer, await previous, options, rules, actor, state, cancellationToken);
            progress?.Report(state.Progress);
        }

        return new ImportResult(state.Rows, state.Created, state.Updated, state.Skipped, state.Failed, state.Errors, state.InvalidPhones, state.Warnings);
    }

    private sealed class ImportState
    {
        public int Rows { get; set; }

        public int Created { get; set; }

        public int Updated { get; set; }

        public int Skipped { get; set; }

        public int Failed { get; set; }

        public int InvalidPhones { get; set; }

        public List<ImportError> Errors { get; } = [];

        public List<ImportError> Warnings { get; } = [];

        /// <summary>Duplicate keys seen in the current batch, and the contact they belong to.</summary>
        public Dictionary<string, Guid> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>External ids of contacts created in the current batch.</summary>
        public HashSet<string> ExternalIds { get; } = new(StringComparer.Ordinal);

        public ImportProgress Progress => new(Rows, Created, Updated, Skipped, Failed, InvalidPhones);

        public IReadOnlyList<string> Header { get; set; } = [];

        public void Fail(CsvRow row, string column, string message)
        {
            Failed++;
            if (Errors.Count < MaxReportedErrors)
            {
                Errors.Add(Report(row.RowNumber, column, CellOf(row, Header, column), message));
            }
        }

        /// <summary>The row was imported (created or updated): its phones that are not valid numbers are reported.</summary>
        public void Imported(ParsedRow row)
        {
            InvalidPhones += row.Warnings.Count;
            Warnings.AddRange(row.Warnings.Take(MaxReportedErrors - Warnings.Count));
        }
    }

    private static ImportError Report(int row, string column, string value, string message) =>
        new(row, column, value.Length > 200 ? value[..200] + "…" : value, message);

    /// <summary>The row's cell under the column with that header (empty when the report names no column).</summary>
    private static string CellOf(CsvRow row, IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == column)
            {
                return row.Cell(i) ?? "";
            }
        }

        return "";
    }

    /// <summary>
    /// A row the domain accepted: the contact it makes, the input it came from (an update overlays
    /// it), its duplicate keys, and its phones that are kept but invalid.
    /// </summary>
    private sealed record ParsedRow(CsvRow Row, ContactInput Input, Contact Contact, IReadOnlyList<string> Keys, IReadOnlyList<ImportError> Warnings);

    /// <summary>One row as the domain checked it: parsed, or refused in a column for a reason.</summary>
    private readonly record struct CheckedRow(CsvRow Row, ParsedRow? Parsed, string Column = "", string Problem = "");

    /// <summary>One batch as the domain read it, with the time its contacts were made.</summary>
    private sealed record CheckedBatch(CheckedRow[] Rows, DateTimeOffset Now);

    private static IEnumerable<List<CsvRow>> Batches(IEnumerable<CsvRow> rows, CancellationToken cancellationToken)
    {
        var batch = new List<CsvRow>(BatchSize);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                yield return batch;
                batch = new List<CsvRow>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Rows do not depend on each other until duplicates are matched, so the domain reads them in
    /// parallel; the results keep the file's order, and everything after this runs in that order.
    /// </summary>
    private Task<CheckedBatch> CheckAsync(List<CsvRow> rows, IReadOnlyList<string> header, ImportOptions options, DirectoryRules rules, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Task.Run(() =>
        {
            var checkedRows = new CheckedRow[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken },
                i => checkedRows[i] = Check(rows[i], header, options, rules, now));
            return new CheckedBatch(checkedRows, now);
        }, cancellationToken);
    }

    private async Task ImportBatchAsync(OutdialDbContext db, ContactBulkWriter writer, CheckedBatch batch, ImportOptions options, DirectoryRules rules, Actor actor, ImportState state, CancellationToken cancellationToken)
    {
        var (checkedRows, now) = batch;
        var parsed = new List<ParsedRow>(checkedRows.Length);
        foreach (var row in checkedRows)
        {
            state.Rows++;
            if (row.Parsed is { } accepted)
            {
                parsed.Add(accepted);
            }
            else
            {
                state.Fail(row.Row, row.Column, row.Problem);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await ExistingKeysAsync(db, [.. parsed.SelectMany(p => p.Keys).Distinct()], options.Match, cancellationToken);
        var externalIds = parsed.Select(p => p.Contact.ExternalId).OfType<string>().Distinct().ToList();
        var takenExternalIds = externalIds.Count == 0 ? [] : (await db.Contacts.Where(c => c.ExternalId != null && EF.Parameter(externalIds).Contains(c.ExternalId)).Select(c => c.ExternalId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var touched = new Dictionary<Guid, Contact>();
        var created = new List<Contact>(parsed.Count);
        foreach (var accepted in parsed)
        {
            var (row, input, checkedContact, keys, _) = accepted;
            var match = keys.Select(k => state.Keys.TryGetValue(k, out var id) ? id : existing.TryGetValue(k, out var dbId) ? dbId : (Guid?)null).FirstOrDefault(id => id is not null);
            if (match is { } contactId)
            {
                if (options.OnDuplicate == OnDuplicate.Skip)
                {
                    state.Skipped++;
                    continue;
                }

                // A contact created earlier in this batch is still in memory and is written with the
                // update applied; one already in the database is loaded and saved through EF.
                var target = touched.GetValueOrDefault(contactId) ?? await db.Contacts.AsSplitQuery().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Values)
                    .SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
                if (target is null)
                {
                    state.Fail(row, "", "The matching contact was deleted during the import.");
                    continue;
                }

                try
                {
                    target.Update(Overlay(target.ToInput(), input), rules, now);
                }
                catch (InvalidInputProblem problem)
                {
                    state.Fail(row, "", $"Updating the matching contact would make it invalid: {problem.Message}");
                    continue;
                }

                touched[contactId] = target;
                Remember(state, keys, contactId);
                state.Updated++;
                state.Imported(accepted);
            }
            else if (checkedContact.ExternalId is { } externalId && (takenExternalIds.Contains(externalId) || !state.ExternalIds.Add(externalId)))
            {
                state.Fail(row, "", $"Another contact already has the external id '{externalId}'. Match duplicates by external id to update it instead.");
            }
            else
            {
                created.Add(checkedContact);
                touched[checkedContact.Id] = checkedContact;
                Remember(state, keys, checkedContact.Id);
                state.Created++;
                state.Imported(accepted);
            }
        }

        var text = $"Imported from CSV by {actor.Name}";
        await writer.WriteAsync(created, [.. created.Select(c => new ContactEvent(c.Id, ContactEventKind.Created, text, now, actor.UserId, actor.Name))], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // Earlier batches are in the database now and are found there; keeping only this batch's
        // keys keeps memory flat however long the file is.
        state.Keys.Clear();
        state.ExternalIds.Clear();
    }

    /// <summary>What the domain makes of one row; runs on any thread and touches nothing shared.</summary>
    private static CheckedRow Check(CsvRow row, IReadOnlyList<string> header, ImportOptions options, DirectoryRules rules, DateTimeOffset now)
    {
        if (row.UnbalancedQuote)
        {
            return new CheckedRow(row, null, "", CsvRow.UnbalancedQuoteMessage);
        }

        if (row.Cells.Count > header.Count && row.Cells.Skip(header.Count).Any(c => c.Length > 0))
        {
            return new CheckedRow(row, null, header[^1], $"The row has {row.Cells.Count} cells but the header has {header.Count} columns; check the quoting of that row.");
        }

        var (input, columnOf) = ToInput(row, header, options.Columns);
        try
        {
            var contact = Contact.Create(input, rules, now, out var warnings);
            return new CheckedRow(row, new ParsedRow(row, input, contact, KeysOf(contact, options.Match), [.. warnings.Select(w => Warning(row, header, w, columnOf))]));
        }
        catch (InvalidInputProblem problem)
        {
            var (field, messages) = problem.Errors.First();
            return new CheckedRow(row, null, columnOf(field), string.Join(" ", messages));
        }
    }

    /// <summary>A warning of the domain ("phones[1]: '12' is not a valid phone number …") as a report line naming the CSV column and value.</summary>
    private static ImportError Warning(CsvRow row, IReadOnlyList<string> header, string warning, Func<string, string> columnOf)
    {
        var colon = warning.IndexOf(": ", StringComparison.Ordinal);
        var column = colon > 0 ? columnOf(warning[..colon]) : "";
        return Report(row.RowNumber, column, CellOf(row, header, column), colon > 0 ? warning[(colon + 2)..] : warning);
    }

    private static void Remember(ImportState state, IReadOnlyList<string> keys, Guid contactId)
    {
        foreach (var key in keys)
        {
            state.Keys.TryAdd(key, contactId);
        }
    }

    /// <summary>The row as contact input, and a way back from an input field ("phones[1].number") to the CSV column.</summary>
    private static (ContactInput Input, Func<string, string> ColumnOf) ToInput(CsvRow row, IReadOnlyList<string> header, IReadOnlyList<ImportTarget> columns)
    {
        string? first = null, last = null, display = null, company = null, externalId = null, zone = null;
        var phones = new List<PhoneInput>();
        var phoneColumns = new List<string>();
        var emails = new List<string>();
        var emailColumns = new List<string>();
        var custom = new Dictionary<string, string?>();
        var fieldColumns = new Dictionary<string, string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var cell = row.Cell(i);
            if (string.IsNullOrWhiteSpace(cell))
            {
                continue;
            }

            var target = columns[i];
            switch (target.Field)
            {
                case ImportField.FirstName: first = cell; fieldColumns["firstName"] = header[i]; break;
                case ImportField.LastName: last = cell; fieldColumns["lastName"] = header[i]; break;
                case ImportField.DisplayName: display = cell; fieldColumns["displayName"] = header[i]; break;
                case ImportField.Company: company = cell; fieldColumns["company"] = header[i]; break;
                case ImportField.ExternalId: externalId = cell; fieldColumns["externalId"] = header[i]; break;
                case ImportField.TimeZone: zone = cell; fieldColumns["timeZone"] = header[i]; break;
                case ImportField.Email: emails.Add(cell); emailColumns.Add(header[i]); break;
                case ImportField.Phone: phones.Add(new PhoneInput(cell, target.PhoneLabel)); phoneColumns.Add(header[i]); break;
                case ImportField.Custom: custom[target.CustomKey!] = cell; fieldColumns["custom." + target.CustomKey] = header[i]; break;
            }
        }

        string ColumnOf(string field)
        {
            if (fieldColumns.TryGetValue(field, out var column))
            {
                return column;
            }

            var index = field.IndexOf('[', StringComparison.Ordinal) is var open and > 0 && int.TryParse(field.AsSpan(open + 1, field.IndexOf(']', StringComparison.Ordinal) - open - 1), out var parsed) ? parsed : -1;
            return field.StartsWith("phones", StringComparison.Ordinal) && index >= 0 && index < phoneColumns.Count ? phoneColumns[index]
                : field.StartsWith("emails", StringComparison.Ordinal) && index >= 0 && index < emailColumns.Count ? emailColumns[index]
                : field;
        }

        return (new ContactInput(first, last, display, company, externalId, zone, phones, emails, custom), ColumnOf);
    }

    /// <summary>An update from a file changes what the row says and keeps the rest: empty cells leave values alone, new phones and e-mails are added.</summary>
    private static ContactInput Overlay(ContactInput existing, ContactInput row) => new(
        row.FirstName ?? existing.FirstName,
        row.LastName ?? existing.LastName,
        row.DisplayName ?? existing.DisplayName,
        row.Company ?? existing.Company,
        row.ExternalId ?? existing.ExternalId,
        row.TimeZone ?? existing.TimeZone,
        [.. existing.Phones ?? [], .. row.Phones ?? []],
        [.. existing.Emails ?? [], .. row.Emails ?? []],
        new Dictionary<string, string?>((existing.Custom ?? new Dictionary<string, string?>()).Concat((row.Custom ?? new Dictionary<string, string?>()).Where(c => c.Value is not null))
            .GroupBy(c => c.Key).Select(g => g.Last())));

    private static IReadOnlyList<string> KeysOf(Contact contact, DuplicateMatch match) => match switch
    {
        DuplicateMatch.Phone => [.. contact.Phones.Where(p => p.E164 is not null).Select(p => "phone:" + p.E164)],
        DuplicateMatch.Email => [.. contact.Emails.Select(e => "email:" + e.Normalized)],
        DuplicateMatch.ExternalId => contact.ExternalId is { } id ? ["id:" + id] : [],
        _ => [],
    };

    private static async Task<Dictionary<string, Guid>> ExistingKeysAsync(OutdialDbContext db, List<string> keys, DuplicateMatch match, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        // One parameter for the whole list (a JSON array on SQLite, an array on PostgreSQL). EF 10
        // would otherwise send one parameter per value, and Microsoft.Data.Sqlite binds each by
        // name, which grows with the square of their number: 100 ms against 7 ms for the 10,000
        // phones of a batch.
        var values = keys.Select(k => k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..]).ToList();
        var pairs = match switch
        {
            DuplicateMatch.Phone => await db.ContactPhones.Where(p => EF.Parameter(values).Contains(p.E164!)).Select(p => new { Key = "phone:" + p.E164, p.ContactId }).ToListAsync(cancellationToken),
            DuplicateMatch.Email => await db.ContactEmails.Where(e => EF.Parameter(values).Contains(e.Normalized)).Select(e => new { Key = "email:" + e.Normalized, e.ContactId }).ToListAsync(cancellationToken),
            DuplicateMatch.ExternalId => await db.Contacts.Where(c => EF.Parameter(values).Contains(c.ExternalId!)).Select(c => new { Key = "id:" + c.ExternalId, ContactId = c.Id }).ToListAsync(cancellationToken),
            _ => [],
        };
        return pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().ContactId);
    }

    /// <summary>Creates the custom fields that the mapping names and that do not exist yet.</summary>
    private async Task EnsureCustomFieldsAsync(IReadOnlyList<ImportTarget> columns, CancellationToken cancellationToken)
    {
        var existing = (await fields.ListAsync(cancellationToken)).Select(f => f.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var target in columns.Where(c => c.Field == ImportField.Custom).DistinctBy(c => c.CustomKey, StringComparer.OrdinalIgnoreCase))
        {
            if (!existing.Contains(target.CustomKey!))
            {
                if (target.CustomType == ContactFieldType.OneOf)
                {
                    throw new InvalidInputProblem("map", $"custom:{target.CustomKey}: create one-of-list fields with their options under Settings → Contact fields before importing.");
                }

                await fields.CreateAsync(target.CustomKey!, target.CustomKey!, target.CustomType, null, cancellationToken);
            }
        }
    }
}
