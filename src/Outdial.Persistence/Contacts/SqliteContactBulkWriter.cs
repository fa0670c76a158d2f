using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Outdial.Contacts;

namespace Outdial.Persistence.Contacts;

/// <summary>
/// Prepared single-row <c>INSERT</c>s, one command per table, bound anew for each row. SQLite runs
/// in process, so a prepared statement costs about what a row costs; multi-row statements would
/// save little and Microsoft.Data.Sqlite binds parameters by name, which grows with their square.
/// (Binding by position straight on the SQLite handle was measured too: about 5% faster for the
/// whole import, not worth leaving ADO.NET for.)
/// </summary>
internal sealed class SqliteContactBulkWriter : ContactBulkWriter
{
    private readonly ValueConverter _timeConverter;
    private SqliteConnection? _connection;
    private SqliteCommand _contacts = null!;
    private SqliteCommand _phones = null!;
    private SqliteCommand _emails = null!;
    private SqliteCommand _values = null!;
    private SqliteCommand _events = null!;

    public SqliteContactBulkWriter(OutdialDbContext db)
        : base(db)
    {
        // The conversion EF applies to every DateTimeOffset (SqliteOutdialDbContext), taken from
        // the model so that the two can never disagree.
        _timeConverter = db.Model.FindEntityType(typeof(Contact))!.FindProperty(nameof(Contact.CreatedAt))!.GetTypeMapping().Converter
            ?? throw new InvalidOperationException("SQLite stores DateTimeOffset through a converter; the model has none.");
    }

    public override Task WriteAsync(IReadOnlyList<Contact> contacts, IReadOnlyList<ContactEvent> events, CancellationToken cancellationToken = default)
    {
        var transaction = (SqliteTransaction)CurrentTransaction().GetDbTransaction();
        Prepare((SqliteConnection)Db.Database.GetDbConnection(), transaction);

        foreach (var contact in contacts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute(_contacts,
                Id(contact.Id), contact.FirstName, contact.LastName, contact.DisplayName, contact.DisplayNameIsExplicit, contact.Company, contact.ExternalId,
                contact.TimeZone, contact.TimeZoneIsExplicit, Time(contact.CreatedAt), Time(contact.UpdatedAt),
                contact.FirstNameSearch, contact.LastNameSearch, contact.DisplayNameSearch, contact.CompanySearch, contact.ExternalIdSearch);
            var contactId = Id(contact.Id);
            foreach (var phone in contact.Phones)
            {
                Execute(_phones, Id(phone.Id), contactId, phone.Label, phone.Original, phone.E164, phone.Position);
            }

            foreach (var email in contact.Emails)
            {
                Execute(_emails, Id(email.Id), contactId, email.Address, email.Normalized, email.Position);
            }

            foreach (var value in contact.Values)
            {
                Execute(_values, contactId, value.FieldKey, value.Text, value.TextSearch, value.Number, value.Date, value.YesNo);
            }
        }

        foreach (var contactEvent in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute(_events,
                Id(contactEvent.Id), Id(contactEvent.ContactId), contactEvent.Kind.ToString(), contactEvent.Text, Time(contactEvent.At),
                contactEvent.ActorUserId is { } actor ? Id(actor) : null, contactEvent.ActorName);
        }

        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        DisposeCommands();
        return ValueTask.CompletedTask;
    }

    /// <summary>EF stores a Guid on SQLite as upper-case text (its Guid type mapping).</summary>
    private static string Id(Guid id) => string.Create(36, id, static (span, guid) =>
    {
        guid.TryFormat(span, out _, "D");
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = char.ToUpperInvariant(span[i]);
        }
    });

    private long Time(DateTimeOffset time) => (long)_timeConverter.ConvertToProvider(time)!;

    private static void Execute(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    /// <summary>Creates and prepares the commands once per connection; each batch brings its own transaction.</summary>
    private void Prepare(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            DisposeCommands();
            _connection = connection;
            _contacts = Command(Tables.Contacts);
            _phones = Command(Tables.Phones);
            _emails = Command(Tables.Emails);
            _values = Command(Tables.Values);
            _events = Command(Tables.Events);
        }

        foreach (var command in new[] { _contacts, _phones, _emails, _values, _events })
        {
            command.Transaction = transaction;
        }

        SqliteCommand Command(string table)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Insert(table);
            for (var i = 0; i < Columns[table].Count; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + i, null));
            }

            command.Prepare();
            return command;
        }
    }

    private void DisposeCommands()
    {
        if (_connection is null)
        {
            return;
        }

        foreach (var command in new[] { _contacts, _phones, _emails, _values, _events })
        {
            command.Dispose();
        }

        _connection = null;
    }
}
