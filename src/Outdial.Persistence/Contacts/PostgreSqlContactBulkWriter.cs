using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Outdial.Contacts;

namespace Outdial.Persistence.Contacts;

/// <summary>
/// Binary <c>COPY</c>, one per table and batch, in the context's transaction. Contacts go first, so
/// that the foreign keys of phones, e-mails, values and events find them.
/// </summary>
internal sealed class PostgreSqlContactBulkWriter(OutdialDbContext db) : ContactBulkWriter(db)
{
    public override async Task WriteAsync(IReadOnlyList<Contact> contacts, IReadOnlyList<ContactEvent> events, CancellationToken cancellationToken = default)
    {
        _ = CurrentTransaction(); // COPY joins the connection's transaction by itself; there must be one.
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();

        await CopyAsync(connection, Tables.Contacts, contacts, async (row, contact) =>
        {
            await row.WriteAsync(contact.Id, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, contact.FirstName, cancellationToken);
            await TextAsync(row, contact.LastName, cancellationToken);
            await TextAsync(row, contact.DisplayName, cancellationToken);
            await row.WriteAsync(contact.DisplayNameIsExplicit, NpgsqlDbType.Boolean, cancellationToken);
            await TextAsync(row, contact.Company, cancellationToken);
            await TextAsync(row, contact.ExternalId, cancellationToken);
            await TextAsync(row, contact.TimeZone, cancellationToken);
            await row.WriteAsync(contact.TimeZoneIsExplicit, NpgsqlDbType.Boolean, cancellationToken);
            await row.WriteAsync(contact.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await row.WriteAsync(contact.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await TextAsync(row, contact.FirstNameSearch, cancellationToken);
            await TextAsync(row, contact.LastNameSearch, cancellationToken);
            await TextAsync(row, contact.DisplayNameSearch, cancellationToken);
            await TextAsync(row, contact.CompanySearch, cancellationToken);
            await TextAsync(row, contact.ExternalIdSearch, cancellationToken);
        }, cancellationToken);

        await CopyAsync(connection, Tables.Phones, contacts.SelectMany(c => c.Phones.Select(p => (c.Id, Phone: p))), async (row, item) =>
        {
            await row.WriteAsync(item.Phone.Id, NpgsqlDbType.Uuid, cancellationToken);
            await row.WriteAsync(item.Id, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, item.Phone.Label, cancellationToken);
            await TextAsync(row, item.Phone.Original, cancellationToken);
            await TextAsync(row, item.Phone.E164, cancellationToken);
            await row.WriteAsync(item.Phone.Position, NpgsqlDbType.Integer, cancellationToken);
        }, cancellationToken);

        await CopyAsync(connection, Tables.Emails, contacts.SelectMany(c => c.Emails.Select(e => (c.Id, Email: e))), async (row, item) =>
        {
            await row.WriteAsync(item.Email.Id, NpgsqlDbType.Uuid, cancellationToken);
            await row.WriteAsync(item.Id, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, item.Email.Address, cancellationToken);
            await TextAsync(row, item.Email.Normalized, cancellationToken);
            await row.WriteAsync(item.Email.Position, NpgsqlDbType.Integer, cancellationToken);
        }, cancellationToken);

        await CopyAsync(connection, Tables.Values, contacts.SelectMany(c => c.Values.Select(v => (c.Id, Value: v))), async (row, item) =>
        {
            await row.WriteAsync(item.Id, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, item.Value.FieldKey, cancellationToken);
            await TextAsync(row, item.Value.Text, cancellationToken);
            await TextAsync(row, item.Value.TextSearch, cancellationToken);
            await ValueAsync(row, item.Value.Number, NpgsqlDbType.Double, cancellationToken);
            await ValueAsync(row, item.Value.Date, NpgsqlDbType.Date, cancellationToken);
            await ValueAsync(row, item.Value.YesNo, NpgsqlDbType.Boolean, cancellationToken);
        }, cancellationToken);

        await CopyAsync(connection, Tables.Events, events, async (row, contactEvent) =>
        {
            await row.WriteAsync(contactEvent.Id, NpgsqlDbType.Uuid, cancellationToken);
            await row.WriteAsync(contactEvent.ContactId, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, contactEvent.Kind.ToString(), cancellationToken);
            await TextAsync(row, contactEvent.Text, cancellationToken);
            await row.WriteAsync(contactEvent.At, NpgsqlDbType.TimestampTz, cancellationToken);
            await ValueAsync(row, contactEvent.ActorUserId, NpgsqlDbType.Uuid, cancellationToken);
            await TextAsync(row, contactEvent.ActorName, cancellationToken);
        }, cancellationToken);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One <c>COPY</c>; an import left without <c>Complete</c> is cancelled, and its transaction with it.</summary>
    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, IEnumerable<T> items, Func<NpgsqlBinaryImporter, T, Task> writeRow, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Copy(table), cancellationToken);
        foreach (var item in items)
        {
            await importer.StartRowAsync(cancellationToken);
            await writeRow(importer, item);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task TextAsync(NpgsqlBinaryImporter row, string? text, CancellationToken cancellationToken) =>
        text is null ? row.WriteNullAsync(cancellationToken) : row.WriteAsync(text, NpgsqlDbType.Varchar, cancellationToken);

    private static Task ValueAsync<T>(NpgsqlBinaryImporter row, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } present ? row.WriteAsync(present, type, cancellationToken) : row.WriteNullAsync(cancellationToken);
}
