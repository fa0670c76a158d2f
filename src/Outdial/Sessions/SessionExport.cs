using System.Globalization;
using Outdial.Csv;

namespace Outdial.Sessions;

/// <summary>
/// Writes the sessions that match a filter as CSV, with exactly the chosen columns in the chosen
/// order (what the Sessions section shows), a batch at a time. Times are ISO 8601 in UTC, talk
/// time in seconds; <see cref="CsvWriter"/> neutralises cells that a spreadsheet would run as formulas.
/// </summary>
public sealed class SessionExport(SessionLog log)
{
    private const int BatchSize = 1000;

    public async Task WriteAsync(TextWriter output, SessionFilter filter, SessionSort sort, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        var writer = new CsvWriter(output);
        await writer.WriteRowAsync(columns);
        await foreach (var batch in log.MatchingInBatchesAsync(filter, sort, BatchSize, cancellationToken))
        {
            foreach (var session in batch)
            {
                await writer.WriteRowAsync(columns.Select(c => ValueOf(session, c)));
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The text of one column of a session, as exported: a built-in column's query name or <c>param.NAME</c>.</summary>
    public static string? ValueOf(SessionSummary session, string column)
    {
        if (column.StartsWith(SessionQuery.ParameterPrefix, StringComparison.Ordinal))
        {
            return session.Parameters.GetValueOrDefault(column[SessionQuery.ParameterPrefix.Length..]);
        }

        return column switch
        {
            "campaign" => session.CampaignName,
            "contact" => session.ContactName,
            "phone" => session.Phone,
            "operator" => session.OperatorName,
            "started" => Time(session.StartedAt),
            "dialled" => Time(session.DialledAt),
            "connected" => Time(session.ConnectedAt),
            "ended" => Time(session.EndedAt),
            "talkTime" => session.TalkSeconds?.ToString(CultureInfo.InvariantCulture),
            "dialResult" => session.DialResult,
            "result" => session.Result,
            "note" => session.Note,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a column of the Sessions section; SessionQuery.Columns checks them."),
        };
    }

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
