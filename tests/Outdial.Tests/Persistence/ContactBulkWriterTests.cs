using System.Collections;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;
using Outdial.Persistence.Contacts;
using Outdial.Testing;

namespace Outdial.Tests.Persistence;

/// <summary>The bulk path of the import writes rows that EF reads exactly as if EF had written them.</summary>
public sealed class ContactBulkWriterTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 9, 15, 30, 123, TimeSpan.Zero).AddTicks(4567);

    private static readonly IReadOnlyDictionary<string, ContactField> Fields = new[]
    {
        new ContactField("tier", "Tier", ContactFieldType.Text, null, Now),
        new ContactField("score", "Score", ContactFieldType.Number, null, Now),
        new ContactField("renewal", "Renewal", ContactFieldType.Date, null, Now),
        new ContactField("vip", "VIP", ContactFieldType.YesNo, null, Now),
    }.ToDictionary(f => f.Key);

    /// <summary>A migrated database with the custom fields the contacts use.</summary>
    private static async Task<OutdialDbContext> DirectoryAsync(TestDatabase database)
    {
        var db = await database.CreateMigratedContextAsync();
        db.ContactFields.AddRange(Fields.Values.Select(f => new ContactField(f.Key, f.Label, f.Type, null, Now)));
        await db.SaveChangesAsync(Cancel);
        return db;
    }

    /// <summary>Every kind of value a contact row holds: nulls, explicit and derived names and zones, an unparseable phone, custom values of each type.</summary>
    /// <param name="tag">Letters that make the external id unique (the only unique column besides ids).</param>
    private static Contact[] Create(string tag) =>
    [
        .. new ContactInput[]
        {
            new("Žofie", "Černá", null, "Firma „Kvalita“", $"CRM-{tag}", null,
                [new PhoneInput("+420 777 123 456", "mobile"), new PhoneInput("not a number", "work"), new PhoneInput("+1 212 555 0123", "home")],
                ["Zofie.Cerna@Example.com", "office@example.com"],
                new Dictionary<string, string?> { ["tier"] = "Gold", ["score"] = "3,5", ["renewal"] = "31.12.2027", ["vip"] = "yes" }),
            new(null, null, "Recepce", null, null, "America/New_York", [new PhoneInput("602 111 222", null)], [], null),
            new(null, null, null, null, null, null, [], ["only@example.com"], null),
        }.Select(input => Contact.Create(input, DirectoryRules.Default with { Fields = Fields }, Now, out _)),
    ];

    private static async Task<List<Contact>> ReadAsync(OutdialDbContext db, IEnumerable<Guid> ids) =>
        await db.Contacts.AsNoTracking().AsSplitQuery().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Values)
            .Where(c => ids.Contains(c.Id)).OrderBy(c => c.DisplayNameSearch).ToListAsync(Cancel);

    /// <summary>Every public value of a row and its children, ids left out (the two contacts of a pair have their own).</summary>
    private static string Shape(object row) => string.Join("; ", row.GetType().GetProperties()
        .Where(p => p.Name is not ("Id" or "ContactId") && p.GetIndexParameters().Length == 0)
        .OrderBy(p => p.Name)
        .Select(p => p.GetValue(row) switch
        {
            string text => $"{p.Name}={text}",
            IEnumerable children => $"{p.Name}=[{string.Join(" | ", children.Cast<object>().Select(Shape).Order(StringComparer.Ordinal))}]",
            var value => $"{p.Name}={value}",
        }));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Bulk_written_contacts_read_back_through_EF_as_EF_written_ones_do(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await DirectoryAsync(database);
        var bulk = Create("alpha");
        var tracked = Create("bravo");
        var events = bulk.Select(c => new ContactEvent(c.Id, ContactEventKind.Created, "Imported from CSV by Jana", Now, Guid.NewGuid(), "Jana")).ToList();

        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            await using var writer = ContactBulkWriter.For(db);
            await writer.WriteAsync(bulk, events, Cancel);
            db.Contacts.AddRange(tracked);
            db.ContactEvents.AddRange(tracked.Select(c => new ContactEvent(c.Id, ContactEventKind.Created, "Imported from CSV by Jana", Now, events[0].ActorUserId, "Jana")));
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await using var read = database.CreateContext();
        var bulkRead = await ReadAsync(read, bulk.Select(c => c.Id));
        var trackedRead = await ReadAsync(read, tracked.Select(c => c.Id));
        Assert.Equal(bulk.Select(c => c.Id).Order(), bulkRead.Select(c => c.Id).Order());
        Assert.Equal(
            trackedRead.Select(Shape).Select(s => s.Replace("bravo", "##", StringComparison.Ordinal)),
            bulkRead.Select(Shape).Select(s => s.Replace("alpha", "##", StringComparison.Ordinal)));
        Assert.Equal(bulk.SelectMany(c => c.Phones).Select(p => p.Id).Order(), bulkRead.SelectMany(c => c.Phones).Select(p => p.Id).Order());

        // The columns that queries compare: times, Guids, normalised phones and e-mails.
        var zofie = bulk[0];
        Assert.Equal(zofie.Id, (await read.ContactPhones.SingleAsync(p => p.E164 == "+420777123456" && p.ContactId == zofie.Id, Cancel)).ContactId);
        Assert.Equal(zofie.Id, (await read.ContactEmails.SingleAsync(e => e.Normalized == "zofie.cerna@example.com" && e.ContactId == zofie.Id, Cancel)).ContactId);
        Assert.Equal(6, await read.Contacts.CountAsync(c => c.CreatedAt == trackedRead[0].CreatedAt, Cancel));
        Assert.Equal(new DateOnly(2027, 12, 31), (await read.ContactFieldValues.SingleAsync(v => v.ContactId == zofie.Id && v.Date > new DateOnly(2027, 1, 1), Cancel)).Date);
        var timeline = await read.ContactEvents.Where(e => e.ContactId == zofie.Id).ToListAsync(Cancel);
        var created = Assert.Single(timeline);
        Assert.Equal((ContactEventKind.Created, "Imported from CSV by Jana", trackedRead[0].CreatedAt, events[0].ActorUserId, "Jana"),
            (created.Kind, created.Text, created.At, created.ActorUserId, created.ActorName));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_batch_that_fails_part_way_leaves_no_row_of_it(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await DirectoryAsync(database);
        var contacts = Create("charlie");

        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            await using var writer = ContactBulkWriter.For(db);

            // The first contact again, after the others and their phones were written: its id is taken.
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => writer.WriteAsync([.. contacts, contacts[0]], [], Cancel));
        }

        await using var read = database.CreateContext();
        Assert.Equal((0, 0, 0, 0, 0), (
            await read.Contacts.CountAsync(Cancel), await read.ContactPhones.CountAsync(Cancel), await read.ContactEmails.CountAsync(Cancel),
            await read.ContactFieldValues.CountAsync(Cancel), await read.ContactEvents.CountAsync(Cancel)));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_cancelled_write_leaves_no_row_of_the_batch(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = await DirectoryAsync(database);
        using var cancellation = new CancellationTokenSource();
        var contacts = new CancellingList(Create("delta"), cancelAt: 2, cancellation);

        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            await using var writer = ContactBulkWriter.For(db);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(contacts, [], cancellation.Token));
        }

        await using var read = database.CreateContext();
        Assert.Equal((0, 0), (await read.Contacts.CountAsync(Cancel), await read.ContactPhones.CountAsync(Cancel)));
    }

    [Fact]
    public async Task The_writer_writes_only_inside_a_transaction()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, postgres);
        await using var db = await database.CreateMigratedContextAsync();
        await using var writer = ContactBulkWriter.For(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(Create("echo"), [], Cancel));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_writer_fills_every_column_of_its_tables(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, postgres);
        await using var db = database.CreateContext();

        foreach (var (table, columns) in ContactBulkWriter.Columns)
        {
            var modelled = db.Model.GetEntityTypes().Where(e => e.GetTableName() == table)
                .SelectMany(e => e.GetProperties()).Select(p => p.GetColumnName()).Order(StringComparer.Ordinal);
            Assert.Equal(modelled, columns.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Contacts that cancel the write when the writer reaches the given one, i.e. part-way through a batch.</summary>
    private sealed class CancellingList(IReadOnlyList<Contact> contacts, int cancelAt, CancellationTokenSource cancellation) : IReadOnlyList<Contact>
    {
        public int Count => contacts.Count;

        public Contact this[int index] => contacts[index];

        public IEnumerator<Contact> GetEnumerator()
        {
            for (var i = 0; i < contacts.Count; i++)
            {
                if (i == cancelAt)
                {
                    cancellation.Cancel();
                }

                yield return contacts[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
