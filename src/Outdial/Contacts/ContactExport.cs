using Outdial.Contacts.Filters;
using Outdial.Csv;

namespace Outdial.Contacts;

/// <summary>
/// Writes contacts (all, or those matching a search and a filter) as CSV, page by page, so that
/// memory does not grow with the directory. Columns: the standard fields, one column per phone
/// label in use, e-mails, and every custom field.
/// </summary>
public sealed class ContactExport(ContactDirectory directory, ContactFields fields)
{
    private const int BatchSize = 1000;

    public async Task WriteAsync(TextWriter output, string? search, FilterNode? filter, CancellationToken cancellationToken = default)
    {
        var custom = await fields.ListAsync(cancellationToken);
        var writer = new CsvWriter(output);
        await writer.WriteRowAsync(["id", "firstName", "lastName", "displayName", "company", "externalId", "timeZone", "phones", "emails",
            .. custom.Select(f => "custom:" + f.Key), "createdAt"]);
        await foreach (var batch in directory.MatchingInBatchesAsync(search, filter, BatchSize, cancellationToken))
        {
            foreach (var contact in batch)
            {
                await writer.WriteRowAsync([
                    contact.Id.ToString(), contact.FirstName, contact.LastName, contact.DisplayName, contact.Company, contact.ExternalId, contact.TimeZone,
                    string.Join("; ", contact.Phones.OrderBy(p => p.Position).Select(p => $"{p.Label}: {p.E164 ?? p.Original}")),
                    string.Join("; ", contact.Emails.OrderBy(e => e.Position).Select(e => e.Address)),
                    .. custom.Select(f => contact.Values.FirstOrDefault(v => v.FieldKey == f.Key)?.Value.ToString()),
                    contact.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        await output.FlushAsync(cancellationToken);
    }
}
