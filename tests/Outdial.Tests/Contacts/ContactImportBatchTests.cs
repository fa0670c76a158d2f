using System.Text;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Csv;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>Files of several batches, on both databases: the order of rows, and what a cancel leaves.</summary>
public sealed class ContactImportBatchTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static CsvTable Table(string text) => CsvTable.Open(new StringReader(text));

    private static ImportOptions Options(CsvTable table) =>
        new([.. table.Header.Select(h => ImportTarget.Suggest(h, new Dictionary<string, ContactFieldType>()))], DuplicateMatch.Phone, OnDuplicate.Update);

    private static string Phone(int k) => $"77{k:D7}";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rows_are_decided_in_file_order_although_the_domain_checks_them_in_parallel(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);

        // Every phone twice: first as "First k", then, half a file later, as "Later k" written
        // another way. The later row updates the contact made by the first, in the same batch or in
        // a later one; every 97th row has a bad e-mail and is refused whole.
        var half = ContactImport.BatchSize / 2 + 1000;
        var text = new StringBuilder("First name,Phone,E-mail\n");
        var fails = new HashSet<int>();
        for (var r = 0; r < 2 * half; r++)
        {
            var k = r % half;
            var bad = r % 97 == 0;
            if (bad)
            {
                fails.Add(r);
            }

            text.Append(r < half ? $"First {k},+420 {Phone(k)}," : $"Later {k},00420{Phone(k)},").Append(bad ? "not-an-email" : $"p{r}@example.com").Append('\n');
        }

        using var table = Table(text.ToString());
        var result = await app.Get<ContactImport>().RunAsync(table, Options(table), Actor.System, cancellationToken: Cancel);

        var phones = Enumerable.Range(0, half).Select(k => (First: !fails.Contains(k), Later: !fails.Contains(half + k))).ToList();
        Assert.Equal(
            (2 * half, phones.Count(p => p.First || p.Later), phones.Count(p => p.First && p.Later), fails.Count),
            (result.Rows, result.Created, result.Updated, result.Failed));
        Assert.Equal(fails.Order().Select(r => r + 2), result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal("E-mail", e.Column));

        await using var db = app.Database.CreateContext();
        var names = await db.Contacts.Select(c => c.FirstName!).ToListAsync(Cancel);
        var expected = phones.Select((p, k) => p.Later ? $"Later {k}" : p.First ? $"First {k}" : null).OfType<string>();
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_cancelled_import_leaves_whole_batches_and_no_partial_contact(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var text = new StringBuilder("First name,Phone,E-mail\n");
        for (var k = 0; k < 2 * ContactImport.BatchSize + 10; k++)
        {
            text.Append($"Person {k},+420 {Phone(k)},p{k}@example.com\n");
        }

        using var table = Table(text.ToString());
        using var cancellation = new CancellationTokenSource();

        // Cancelled as soon as the first batch is committed: the next batch is being checked then.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            app.Get<ContactImport>().RunAsync(table, Options(table), Actor.System, new CancelOnReport(cancellation), cancellation.Token));

        await using var db = app.Database.CreateContext();
        Assert.Equal(ContactImport.BatchSize, await db.Contacts.CountAsync(Cancel));
        Assert.Equal(0, await db.Contacts.CountAsync(c => db.ContactPhones.Count(p => p.ContactId == c.Id) != 1
            || db.ContactEmails.Count(e => e.ContactId == c.Id) != 1
            || db.ContactEvents.Count(e => e.ContactId == c.Id && e.Kind == ContactEventKind.Created) != 1, Cancel));
        Assert.Equal(ContactImport.BatchSize, await db.ContactPhones.CountAsync(Cancel));
    }

    private sealed class CancelOnReport(CancellationTokenSource cancellation) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => cancellation.Cancel();
    }
}
