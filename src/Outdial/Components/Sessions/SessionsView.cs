using System.Globalization;
using Microsoft.Extensions.Primitives;
using Outdial.Sessions;

namespace Outdial.Components.Sessions;

/// <summary>
/// What the Sessions page shows: its filters as query values in the language of
/// <see cref="SessionQuery"/> and its order. One representation feeds the list, the page's
/// address and the CSV link, so the three never disagree.
/// </summary>
public sealed class SessionsView
{
    /// <summary>Filter values by query key, e.g. "contact" → "jana", "param.budget.gt" → "100".</summary>
    public Dictionary<string, StringValues> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The order, e.g. "-started"; <c>null</c> is newest first.</summary>
    public string? Sort { get; set; }

    public bool HasFilters => Values.Count > 0;

    public static SessionsView From(IReadOnlyDictionary<string, StringValues> query)
    {
        var view = new SessionsView();
        foreach (var (key, value) in query)
        {
            switch (key)
            {
                case "sort":
                    view.Sort = value.ToString();
                    break;
                case "columns" or "offset" or "limit":
                    break;
                default:
                    view.Values[key] = value;
                    break;
            }
        }

        return view;
    }

    /// <summary>The filter the values stand for; <see cref="InvalidInputProblem"/> names a value that does not work.</summary>
    public SessionFilter Filter() => SessionQuery.Filter(Values);

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value.ToString() : null;

    /// <summary>Sets a filter value; an empty one removes the filter. "is one of" takes its values separated by commas.</summary>
    public void Set(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Values.Remove(key);
        }
        else if (key.StartsWith(SessionQuery.ParameterPrefix, StringComparison.Ordinal) && SessionQuery.ParameterKey(key).Operator == Outdial.Contacts.Filters.FilterOperator.In)
        {
            Values[key] = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }
        else
        {
            Values[key] = value.Trim();
        }
    }

    /// <summary>Removes the filters of columns that are no longer shown: a hidden filter would only confuse.</summary>
    public void DropFiltersOutside(IReadOnlyCollection<string> columns)
    {
        foreach (var key in Values.Keys.Where(k => !columns.Contains(ColumnOf(k))).ToList())
        {
            Values.Remove(key);
        }
    }

    public string QueryString(IReadOnlyList<string> columns)
    {
        var pairs = new List<string> { "columns=" + Uri.EscapeDataString(string.Join(',', columns)) };
        if (!string.IsNullOrEmpty(Sort))
        {
            pairs.Add("sort=" + Uri.EscapeDataString(Sort));
        }

        pairs.AddRange(Values.SelectMany(v => v.Value.Select(value => Uri.EscapeDataString(v.Key) + "=" + Uri.EscapeDataString(value ?? ""))));
        return string.Join('&', pairs);
    }

    /// <summary>The column a query key filters.</summary>
    public static string ColumnOf(string key) => key switch
    {
        "campaignId" => "campaign",
        "operatorId" => "operator",
        "contactId" or "contact" => "contact",
        "from" or "to" => "started",
        "dialledFrom" or "dialledTo" => "dialled",
        "connectedFrom" or "connectedTo" => "connected",
        "endedFrom" or "endedTo" => "ended",
        "minTalkSeconds" or "maxTalkSeconds" => "talkTime",
        "hasNote" or "note" => "note",
        _ when key.StartsWith(SessionQuery.ParameterPrefix, StringComparison.Ordinal) => SessionQuery.ParameterPrefix + SessionQuery.ParameterKey(key).Name,
        _ => key,
    };

    public static string Label(string column) => column switch
    {
        "campaign" => "Campaign",
        "contact" => "Contact",
        "phone" => "Phone",
        "operator" => "Operator",
        "started" => "Started",
        "dialled" => "Dialled",
        "connected" => "Connected",
        "ended" => "Ended",
        "talkTime" => "Talk time",
        "dialResult" => "Dial result",
        "result" => "Result",
        "note" => "Note",
        _ => column.StartsWith(SessionQuery.ParameterPrefix, StringComparison.Ordinal) ? column[SessionQuery.ParameterPrefix.Length..] : column,
    };

    public static bool CanSort(string column) => !column.StartsWith(SessionQuery.ParameterPrefix, StringComparison.Ordinal);

    /// <summary>The moments of a call (dialled, connected, ended) are found through the start time and the dial result.</summary>
    public static bool CanFilter(string column) => column is not ("dialled" or "connected" or "ended");

    /// <summary>A cell as the table shows it: times in the server's time zone, talk time in minutes and seconds.</summary>
    public static string? Display(SessionSummary session, string column) => column switch
    {
        "started" => Time(session.StartedAt),
        "dialled" => Time(session.DialledAt),
        "connected" => Time(session.ConnectedAt),
        "ended" => Time(session.EndedAt),
        "talkTime" => session.TalkSeconds is { } talk ? $"{talk / 60}:{talk % 60:D2}" : null,
        _ => SessionExport.ValueOf(session, column),
    };

    private static string? Time(DateTimeOffset? time) => time?.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
}
