using Outdial.Csv;

namespace Outdial.Tests.Csv;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+420777123456", "'+420777123456")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("", "")]
    public void Cells_are_quoted_and_formulas_neutralised(string cell, string written) =>
        Assert.Equal(written, CsvWriter.Escape(cell));

    [Fact]
    public async Task What_the_writer_writes_the_reader_reads_back()
    {
        var text = new StringWriter();
        var writer = new CsvWriter(text);
        await writer.WriteRowAsync(["name", "note"]);
        await writer.WriteRowAsync(["Dvořák, Petr", "line one\r\nline \"two\""]);

        using var table = CsvTable.Open(new StringReader(text.ToString()));
        var row = Assert.Single(table.Rows());

        Assert.Equal(["name", "note"], table.Header);
        Assert.Equal(["Dvořák, Petr", "line one\r\nline \"two\""], row.Cells);
    }
}
