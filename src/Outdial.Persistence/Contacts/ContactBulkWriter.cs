using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Outdial.Contacts;

namespace Outdial.Persistence.Contacts;

/// <summary>
/// Writes new contacts — with their phones, e-mails and custom values — and their timeline events
/// straight into the tables, without EF change tracking: the bulk path of the CSV import. The rows
/// read back through EF exactly as if EF had written them. Writes go into the context's current
/// transaction, so that EF and the writer commit or roll back together.
/// </summary>
/// <remarks>
/// One writer per context and import: on SQLite it keeps its prepared statements for as long as
/// the context's connection stays open.
/// </remarks>
public abstract class ContactBulkWriter : IAsyncDisposable
{
    private protected ContactBulkWriter(OutdialDbContext db)
    {
        Db = db;
    }

    /// <summary>The tables the writer fills and their columns, in the order each row's values are written.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Tables.Contacts] =
        [
            "id", "first_name", "last_name", "display_name", "display_name_is_explicit", "company", "external_id", "time_zone", "time_zone_is_explicit",
            "created_at", "updated_at", "first_name_search", "last_name_search", "display_name_search", "company_search", "external_id_search",
        ],
        [Tables.Phones] = ["id", "contact_id", "label", "original", "e164", "position"],
        [Tables.Emails] = ["id", "contact_id", "address", "normalized", "position"],
        [Tables.Values] = ["contact_id", "field_key", "text", "text_search", "number", "date", "yes_no"],
        [Tables.Events] = ["id", "contact_id", "kind", "text", "at", "actor_user_id", "actor_name"],
    };

    private protected OutdialDbContext Db { get; }

    /// <summary>The writer for the context's database.</summary>
    public static ContactBulkWriter For(OutdialDbContext db) =>
        db.Database.IsNpgsql() ? new PostgreSqlContactBulkWriter(db) : new SqliteContactBulkWriter(db);

    /// <summary>
    /// Inserts <paramref name="contacts"/> (none of which may exist yet) with their phones, e-mails
    /// and custom values, then <paramref name="events"/>, in the context's current transaction.
    /// Throws <see cref="InvalidOperationException"/> when the context has no transaction: a batch
    /// is only ever written whole.
    /// </summary>
    public abstract Task WriteAsync(IReadOnlyList<Contact> contacts, IReadOnlyList<ContactEvent> events, CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    private protected IDbContextTransaction CurrentTransaction() =>
        Db.Database.CurrentTransaction ?? throw new InvalidOperationException("The bulk writer writes only inside a transaction; begin one on the context first.");

    private protected static string Insert(string table) =>
        $"INSERT INTO {table} ({string.Join(", ", Columns[table])}) VALUES ({string.Join(", ", Columns[table].Select((_, i) => "$" + i))})";

    private protected static string Copy(string table) =>
        $"COPY {table} ({string.Join(", ", Columns[table])}) FROM STDIN (FORMAT BINARY)";

    private protected static class Tables
    {
        public const string Contacts = "contacts";
        public const string Phones = "contact_phones";
        public const string Emails = "contact_emails";
        public const string Values = "contact_field_values";
        public const string Events = "contact_events";
    }
}
