using System.Text;

namespace Outdial.Csv;

/// <summary>
/// Writes CSV (comma separated, RFC 4180 quoting, UTF-8 with BOM so that spreadsheets read
/// diacritics). Cells that a spreadsheet would run as a formula — starting with =, +, -, @, tab or
/// carriage return — get a leading apostrophe (OWASP "CSV injection"), so a contact named
/// "=HYPERLINK(…)" stays text.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public async Task WriteRowAsync(IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                await output.WriteAsync(',');
            }

            first = false;
            await output.WriteAsync(Escape(cell));
        }

        await output.WriteAsync("\r\n");
    }

    public static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return "";
        }

        var text = cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
