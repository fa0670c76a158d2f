using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Outdial.Contacts.Filters;

namespace Outdial.Sessions;

/// <summary>
/// The query-string language of the Sessions section, shared by the API, the CSV download and the
/// page's address (so that a view can be shared as a link). docs/sessions.md describes it:
/// <c>campaignId</c>, <c>operatorId</c>, <c>dialResult</c>, <c>result</c> (each repeatable),
/// <c>contactId</c>, <c>contact</c>, <c>phone</c>, <c>from</c>, <c>to</c>, <c>minTalkSeconds</c>,
/// <c>maxTalkSeconds</c>, <c>hasNote</c>, <c>note</c>, <c>param.NAME=VALUE</c> (equals),
/// <c>param.NAME.OP=VALUE</c>, <c>sort</c>, <c>columns</c>, <c>offset</c>, <c>limit</c>.
/// Every bad value is an <see cref="InvalidInputProblem"/> naming its query parameter.
/// </summary>
public static class SessionQuery
{
    public const string ParameterPrefix = "param.";

    /// <summary>The dial results a session can have: the telephony outcomes and a call interrupted by a restart.</summary>
    public static readonly IReadOnlyList<string> DialResults =
        [.. Enum.GetNames<Dialing.DialResult>(), Campaigns.CampaignAttempt.Interrupted];

    /// <summary>The columns shown when none are chosen.</summary>
    public static readonly IReadOnlyList<string> DefaultColumns = ["campaign", "contact", "phone", "operator", "started", "talkTime", "dialResult", "result"];

    private static readonly HashSet<string> Known =
    [
        "campaignId", "operatorId", "contactId", "contact", "phone", "from", "to", "dialledFrom", "dialledTo", "connectedFrom", "connectedTo", "endedFrom", "endedTo",
        "dialResult", "result", "minTalkSeconds", "maxTalkSeconds",
        "hasNote", "note", "sort", "columns", "offset", "limit",
    ];

    /// <summary>The query name of a built-in column, e.g. "talkTime".</summary>
    public static string NameOf(SessionColumn column) => JsonNamingPolicy.CamelCase.ConvertName(column.ToString());

    /// <summary>The query name of an operator, as in the contact filters: "eq", "startsWith", …</summary>
    public static string NameOf(FilterOperator op) => JsonNamingPolicy.CamelCase.ConvertName(op.ToString());

    public static SessionFilter Filter(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var filter = new SessionFilter();
        var parameters = new List<ParameterCondition>();
        foreach (var (key, values) in query)
        {
            if (key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
            {
                parameters.AddRange(ParameterConditions(key, values));
                continue;
            }

            if (!Known.Contains(key))
            {
                throw new InvalidInputProblem(key, $"'{key}' is not a filter of the sessions list. Use {string.Join(", ", Known)} or param.NAME (see docs/sessions.md).");
            }

            filter = key switch
            {
                "campaignId" => filter with { CampaignIds = [.. values.Select(v => Id(key, v))] },
                "operatorId" => filter with { OperatorIds = [.. values.Select(v => Id(key, v))] },
                "contactId" => filter with { ContactId = Id(key, Single(key, values)) },
                "contact" => filter with { ContactName = Single(key, values) },
                "phone" => filter with { PhoneContains = Single(key, values) },
                "from" => filter with { From = Time(key, Single(key, values)) },
                "to" => filter with { To = Time(key, Single(key, values)) },
                "dialledFrom" => filter with { Dialled = filter.Dialled with { From = Time(key, Single(key, values)) } },
                "dialledTo" => filter with { Dialled = filter.Dialled with { To = Time(key, Single(key, values)) } },
                "connectedFrom" => filter with { Connected = filter.Connected with { From = Time(key, Single(key, values)) } },
                "connectedTo" => filter with { Connected = filter.Connected with { To = Time(key, Single(key, values)) } },
                "endedFrom" => filter with { Ended = filter.Ended with { From = Time(key, Single(key, values)) } },
                "endedTo" => filter with { Ended = filter.Ended with { To = Time(key, Single(key, values)) } },
                "dialResult" => filter with { DialResults = [.. values.Select(v => DialResult(key, v))] },
                "result" => filter with { Results = [.. values.OfType<string>().Where(v => v.Length > 0)] },
                "minTalkSeconds" => filter with { MinTalkSeconds = Seconds(key, Single(key, values)) },
                "maxTalkSeconds" => filter with { MaxTalkSeconds = Seconds(key, Single(key, values)) },
                "hasNote" => filter with { HasNote = YesNo(key, Single(key, values)) },
                "note" => filter with { NoteContains = Single(key, values) },
                _ => filter,
            };
        }

        return filter with { Parameters = parameters };
    }

    /// <summary>"-started" is newest first; no sort is newest first too.</summary>
    public static SessionSort Sort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return SessionSort.NewestFirst;
        }

        var name = sort.TrimStart('-', '+');
        return Api.QueryEnums.TryName<SessionColumn>(name, out var column)
            ? new SessionSort(column, sort.StartsWith('-'))
            : throw new InvalidInputProblem("sort", $"Sort by one of {string.Join(", ", Enum.GetValues<SessionColumn>().Select(NameOf))}; put '-' in front for descending order.");
    }

    /// <summary>The chosen columns in order (comma-separated or repeated); the default ones when none are given.</summary>
    public static IReadOnlyList<string> Columns(StringValues values)
    {
        var columns = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        foreach (var column in columns)
        {
            var known = column.StartsWith(ParameterPrefix, StringComparison.Ordinal)
                ? SessionParameter.IsValidName(column[ParameterPrefix.Length..])
                : Enum.GetValues<SessionColumn>().Any(c => NameOf(c) == column);
            if (!known)
            {
                throw new InvalidInputProblem("columns", $"'{column}' is not a column. Use {string.Join(", ", Enum.GetValues<SessionColumn>().Select(NameOf))} or param.NAME.");
            }
        }

        return columns.Count > 0 ? columns : DefaultColumns;
    }

    /// <summary>
    /// The parameter name and operator of a <c>param.NAME[.OP]</c> key. A name may hold dots
    /// itself; the last part is an operator only when it is one's name ("param.offer.tier" is
    /// the name "offer.tier", "param.offer.tier.gt" compares it).
    /// </summary>
    public static (string Name, FilterOperator Operator) ParameterKey(string key)
    {
        var rest = key[ParameterPrefix.Length..];
        var lastDot = rest.LastIndexOf('.');
        var suffix = lastDot > 0 ? rest[(lastDot + 1)..] : null;
        return ParameterCondition.Operators.Where(o => NameOf(o) == suffix).ToList() is [var named] ? (rest[..lastDot], named) : (rest, FilterOperator.Eq);
    }

    /// <summary>The query key of a parameter condition: <c>param.NAME</c> for equals, <c>param.NAME.OP</c> otherwise.</summary>
    public static string ParameterKey(string name, FilterOperator op) =>
        ParameterPrefix + name + (op == FilterOperator.Eq ? "" : "." + NameOf(op));

    /// <summary>The conditions of one <c>param.NAME[.OP]</c> key: one per value, or one list for <c>in</c>.</summary>
    private static IEnumerable<ParameterCondition> ParameterConditions(string key, StringValues values)
    {
        var (rest, op) = ParameterKey(key);
        if (!SessionParameter.IsValidName(rest))
        {
            throw new InvalidInputProblem(key, $"'{rest}' is not a parameter name. Write param.NAME=VALUE or param.NAME.OP=VALUE with OP one of {string.Join(", ", ParameterCondition.Operators.Select(NameOf))}.");
        }

        if (ParameterCondition.TakesNoValue(op))
        {
            return [new ParameterCondition(rest, op, [])];
        }

        var operands = values.OfType<string>().ToList();
        if (operands.Count == 0 || operands.Any(v => v.Length == 0))
        {
            throw new InvalidInputProblem(key, $"Give {key} a value, or use param.{rest}.isEmpty=true to find sessions without it.");
        }

        if (ParameterCondition.IsNumeric(op) && operands.FirstOrDefault(v => SessionParameter.NumberOf(v) is null) is { } notNumber)
        {
            throw new InvalidInputProblem(key, $"'{notNumber}' is not a number; {NameOf(op)} compares numbers, written like 12 or 12.5.");
        }

        return op == FilterOperator.In ? [new ParameterCondition(rest, op, operands)] : operands.Select(v => new ParameterCondition(rest, op, [v]));
    }

    private static string Single(string key, StringValues values) =>
        values.Count == 1 ? values[0] ?? "" : throw new InvalidInputProblem(key, $"Give '{key}' once.");

    private static Guid Id(string key, string? value) =>
        Guid.TryParse(value, out var id) ? id : throw new InvalidInputProblem(key, $"'{value}' is not an id; {key} takes ids such as 0192f3a4-5b6c-7d8e-9f00-112233445566.");

    private static DateTimeOffset Time(string key, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputProblem(key, $"'{value}' is not a date; write it in ISO 8601, e.g. 2026-11-27 or 2026-11-27T09:30:00Z (UTC).");

    private static string DialResult(string key, string? value) =>
        DialResults.FirstOrDefault(r => r.Equals(value, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputProblem(key, $"'{value}' is not a dial result. Use one of {string.Join(", ", DialResults)}.");

    private static int Seconds(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new InvalidInputProblem(key, $"'{value}' is not a number of seconds; give a whole number of 0 or more.");

    private static bool YesNo(string key, string value) =>
        bool.TryParse(value, out var yes) ? yes : throw new InvalidInputProblem(key, $"'{value}' is not true or false.");
}
