using System.Text;
using Outdial.Contacts;
using Outdial.Csv;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>Messy real-world files: each case of issue 4's list, with the expected outcome.</summary>
public sealed class ContactImportTests(PostgresServer postgres) : IAsyncLifetime
{
    private OutdialApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<ImportResult> ImportAsync(byte[] file, DuplicateMatch match = DuplicateMatch.Phone, OnDuplicate onDuplicate = OnDuplicate.Update)
    {
        using var stream = new MemoryStream(file);
        using var reader = new StreamReader(stream, CsvEncoding.Detect(stream), detectEncodingFromByteOrderMarks: true);
        using var table = CsvTable.Open(reader);
        var columns = table.Header.Select(h => ImportTarget.Suggest(h, new Dictionary<string, ContactFieldType> { ["tier"] = ContactFieldType.OneOf })).ToList();
        return await _app.Get<ContactImport>().RunAsync(table, new ImportOptions(columns, match, onDuplicate), Actor.System);
    }

    private async Task<IReadOnlyList<Contact>> DirectoryAsync() =>
        (await _app.Get<ContactDirectory>().ListAsync(null, null, ContactSort.LastName, false, new PageRequest(0, 100))).Items;

    private static byte[] Utf8(string text, bool bom = false) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public async Task A_semicolon_file_with_a_utf8_bom_imports_with_czech_headers()
    {
        var result = await ImportAsync(Utf8("Jméno;Příjmení;Telefon;E-mail\nJana;Nováková;+420 777 123 456;jana@example.com\n", bom: true));

        Assert.Equal((1, 1, 0), (result.Rows, result.Created, result.Failed));
        var jana = Assert.Single(await DirectoryAsync());
        Assert.Equal(("Jana", "Nováková", "+420777123456", "jana@example.com"), (jana.FirstName, jana.LastName, jana.Phones[0].E164, jana.Emails[0].Address));
    }

    [Fact]
    public async Task A_utf16_file_imports()
    {
        var result = await ImportAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("First name,Last name,Phone\r\nŽofie,Černá,602111222\r\n")]);

        Assert.Equal(1, result.Created);
        Assert.Equal("Černá", Assert.Single(await DirectoryAsync()).LastName);
    }

    [Fact]
    public async Task A_windows_1250_file_keeps_its_czech_letters()
    {
        var bytes = CsvEncoding.Windows1250.GetBytes("Jméno;Příjmení;Mobil\nPetr;Dvořák;777000111\nEva;Černá;777000222\n");

        Assert.Equal("windows-1250", CsvEncoding.Detect(bytes).WebName);
        var result = await ImportAsync(bytes);

        Assert.Equal(2, result.Created);
        Assert.Equal(["Černá", "Dvořák"], (await DirectoryAsync()).Select(c => c.LastName!).Order(StringComparer.Create(new System.Globalization.CultureInfo("cs-CZ"), false)));
    }

    [Fact]
    public async Task A_windows_1252_file_is_read_as_western_european()
    {
        Assert.Equal("windows-1252", CsvEncoding.Detect(CsvEncoding.Windows1252.GetBytes("name,company\nFrançois Müller,Crème Brûlée SA\n")).WebName);
    }

    [Fact]
    public async Task Quoted_fields_hold_delimiters_quotes_and_line_breaks_and_blank_lines_are_skipped()
    {
        var result = await ImportAsync(Utf8("First name,Last name,Company,Phone\n\n\"Jan\",\"Nový, st.\",\"Firma \"\"Kvalita\"\"\nPraha\",777111222\n\n"));

        Assert.Equal((1, 1), (result.Rows, result.Created));
        var jan = Assert.Single(await DirectoryAsync());
        Assert.Equal(("Nový, st.", "Firma \"Kvalita\"\nPraha"), (jan.LastName, jan.Company));
    }

    [Fact]
    public async Task Rows_with_extra_filled_cells_are_refused_and_short_rows_imported()
    {
        var result = await ImportAsync(Utf8("First name,Last name,Phone\nShort,Row\nLong,Row,777111333,surprise\nGood,Row,777111444\n"));

        Assert.Equal((3, 2, 1), (result.Rows, result.Created, result.Failed));
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("4 cells", error.Message);
    }

    [Fact]
    public async Task The_same_phone_written_three_ways_is_one_contact()
    {
        var result = await ImportAsync(Utf8("First name,Last name,Phone,E-mail\nJana,Nováková,+420 777 123 456,a@example.com\nJana,Nováková,00420777123456,b@example.com\nJ.,,777123456,\n"));

        Assert.Equal((3, 1, 2), (result.Rows, result.Created, result.Updated));
        var jana = Assert.Single(await DirectoryAsync());
        Assert.Equal("J.", jana.FirstName);
        Assert.Equal("Nováková", jana.LastName);
        Assert.Equal(["a@example.com", "b@example.com"], jana.Emails.OrderBy(e => e.Position).Select(e => e.Address));
    }

    [Fact]
    public async Task A_duplicate_in_a_later_batch_of_the_same_file_is_matched()
    {
        var text = new StringBuilder("First name,Phone,External id\n");
        for (var i = 0; i < ContactImport.BatchSize + 5; i++)
        {
            text.Append($"Person {i},+420 77{i:D7},ID-{i}\n");
        }

        text.Append("Again,0042077{0:D7},\n".Replace("{0:D7}", 2.ToString("D7")));
        text.Append($"Clash,602000111,ID-3\n");

        var result = await ImportAsync(Utf8(text.ToString()));

        Assert.Equal((ContactImport.BatchSize + 5, 1, 1), (result.Created, result.Updated, result.Failed));
        Assert.Contains("ID-3", result.Errors.Single().Message);
    }

    [Fact]
    public async Task Duplicates_of_contacts_already_in_the_directory_can_be_skipped()
    {
        await ImportAsync(Utf8("First name,Phone\nFirst,777123456\n"));

        var result = await ImportAsync(Utf8("First name,Phone\nSecond,+420777123456\nThird,602999888\n"), onDuplicate: OnDuplicate.Skip);

        Assert.Equal((1, 1), (result.Created, result.Skipped));
        Assert.Equal(["First", "Third"], (await DirectoryAsync()).Select(c => c.FirstName).Order());
    }

    [Fact]
    public async Task Every_rejected_row_says_which_column_and_why_and_nothing_of_it_is_written()
    {
        var result = await ImportAsync(Utf8("First name,E-mail,Time zone\nBad mail,not-an-email,\nBad zone,ok@example.com,Mars/Olympus\nGood,good@example.com,\n"));

        Assert.Equal((1, 2), (result.Created, result.Failed));
        Assert.Equal([(2, "E-mail"), (3, "Time zone")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal(["Good"], (await DirectoryAsync()).Select(c => c.FirstName));
    }

    [Fact]
    public async Task A_header_only_file_imports_nothing()
    {
        var result = await ImportAsync(Utf8("First name,Last name,Phone\n"));

        Assert.Equal((0, 0, 0), (result.Rows, result.Created, result.Failed));
    }

    [Fact]
    public void An_empty_file_is_refused_with_a_reason()
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => CsvTable.Open(new StringReader("")));

        Assert.Contains("empty", problem.Message);
    }

    [Fact]
    public async Task A_ten_megabyte_single_line_does_not_break_the_import()
    {
        var result = await ImportAsync(Utf8("First name,Company\nHuge," + new string('x', 10 * 1024 * 1024) + "\nSmall,Acme\n"));

        Assert.Equal((2, 1, 1), (result.Rows, result.Created, result.Failed));
        Assert.Contains("at most", result.Errors[0].Message);
    }

    [Fact]
    public async Task An_unbalanced_quote_does_not_crash_the_import()
    {
        var result = await ImportAsync(Utf8("First name,Company\nFine,Acme\nBroken,\"never closed\nAfter,Acme\n"));

        Assert.Equal(["Fine"], (await DirectoryAsync()).Select(c => c.FirstName));
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("never closed", error.Message);
    }
}
