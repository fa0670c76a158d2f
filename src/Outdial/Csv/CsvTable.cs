using nietras.SeparatedValues;

namespace Outdial.Csv;

/// <summary>One data row of a CSV file: its number in the file (the header is row 1) and its cells.</summary>
public sealed record CsvRow(int RowNumber, IReadOnlyList<string> Cells, bool UnbalancedQuote = false)
{
    public const string UnbalancedQuoteMessage =
        "A quote opened in this row is never closed, so the rest of the file was read into it. Close the quote (\"…\") and import the remaining rows again.";

    public string? Cell(int index) => index >= 0 && index < Cells.Count ? Cells[index] : null;
}

/// <summary>
/// Outdial's one CSV reader: the delimiter (<c>,</c> <c>;</c> tab <c>|</c>) is detected from the
/// header row, quoted fields may hold delimiters, quotes and line breaks, and rows may have more
/// or fewer cells than the header. Rows are streamed, never loaded all at once.
/// </summary>
public sealed class CsvTable : IDisposable
{
    private readonly SepReader _reader;

    private CsvTable(SepReader reader)
    {
        _reader = reader;
        Header = [.. reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF'))];
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Opens a CSV text whose first row is the header; throws <see cref="InvalidInputProblem"/> for an empty or unreadable file.</summary>
    /// <param name="separator">The delimiter; detected from the header row when null.</param>
    public static CsvTable Open(TextReader text, string field = "file", char? separator = null)
    {
        try
        {
            var options = separator is { } sep ? Sep.New(sep).Reader() : Sep.Reader();
            var reader = (options with { Unescape = true, DisableColCountCheck = true, Trim = SepTrim.All }).From(text);
            return reader.Header.IsEmpty
                ? throw new InvalidInputProblem(field, "The file is empty. Upload a CSV file whose first row names the columns.")
                : new CsvTable(reader);
        }
        catch (Exception exception) when (exception is not OutdialProblem)
        {
            throw new InvalidInputProblem(field, $"The file is not readable as CSV ({exception.Message}). Save it as CSV (comma, semicolon or tab separated) and try again.");
        }
    }

    /// <summary>The index of the column whose header is one of <paramref name="names"/> (any case), or -1.</summary>
    public int Column(params string[] names)
    {
        for (var index = 0; index < Header.Count; index++)
        {
            if (names.Any(n => string.Equals(n, Header[index], StringComparison.OrdinalIgnoreCase)))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The data rows; blank rows are skipped.</summary>
    public IEnumerable<CsvRow> Rows()
    {
        var rowNumber = 1;
        foreach (var row in _reader)
        {
            rowNumber++;
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            // An odd number of quote characters means a quoted field that never ended: the reader
            // then swallows every following line into it, which must not pass silently.
            var unbalanced = row.Span.Count('"') % 2 == 1;
            yield return new CsvRow(rowNumber, cells, unbalanced);
        }
    }

    public void Dispose() => _reader.Dispose();
}
