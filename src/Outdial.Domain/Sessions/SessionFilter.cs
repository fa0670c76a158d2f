using Outdial.Contacts.Filters;

namespace Outdial.Sessions;

/// <summary>
/// Which sessions to show. Every condition that is set must hold; an empty filter shows every
/// session. Lists within one condition (campaigns, dial results, …) mean "any of them".
/// </summary>
public sealed record SessionFilter
{
    public static readonly SessionFilter All = new();

    public IReadOnlyList<Guid> CampaignIds { get; init; } = [];

    public IReadOnlyList<Guid> OperatorIds { get; init; } = [];

    public Guid? ContactId { get; init; }

    /// <summary>Part of the contact's display name, in any case.</summary>
    public string? ContactName { get; init; }

    /// <summary>Part of the dialled number (E.164), e.g. "777 100" or "+420"; only digits and '+' count.</summary>
    public string? PhoneContains { get; init; }

    /// <summary>Sessions started at or after this moment.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Sessions started before this moment.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>When the call was placed; sessions without a call never match a range.</summary>
    public TimeRange Dialled { get; init; } = TimeRange.Any;

    public TimeRange Connected { get; init; } = TimeRange.Any;

    public TimeRange Ended { get; init; } = TimeRange.Any;

    public IReadOnlyList<string> DialResults { get; init; } = [];

    /// <summary>The operator's result codes.</summary>
    public IReadOnlyList<string> Results { get; init; } = [];

    public int? MinTalkSeconds { get; init; }

    public int? MaxTalkSeconds { get; init; }

    /// <summary>Only sessions with (true) or without (false) a note.</summary>
    public bool? HasNote { get; init; }

    /// <summary>Part of the note, in any case.</summary>
    public string? NoteContains { get; init; }

    public IReadOnlyList<ParameterCondition> Parameters { get; init; } = [];
}

/// <summary>From (inclusive) and before (exclusive) a moment; either end may be open.</summary>
public sealed record TimeRange(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static readonly TimeRange Any = new();
}

/// <summary>
/// A condition on one session parameter, in the contact filters' vocabulary. A session without
/// the parameter fails every comparison except <see cref="FilterOperator.Neq"/> and
/// <see cref="FilterOperator.IsEmpty"/>; text compares without regard to case; gt/gte/lt/lte
/// compare numbers.
/// </summary>
public sealed record ParameterCondition(string Name, FilterOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>The operators a parameter condition can use.</summary>
    public static readonly IReadOnlySet<FilterOperator> Operators = new HashSet<FilterOperator>
    {
        FilterOperator.Eq, FilterOperator.Neq, FilterOperator.Contains, FilterOperator.StartsWith, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty,
        FilterOperator.In, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte,
    };

    public static bool IsNumeric(FilterOperator op) => op is FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte;

    public static bool TakesNoValue(FilterOperator op) => op is FilterOperator.IsEmpty or FilterOperator.IsNotEmpty;
}

/// <summary>The built-in columns of the Sessions section: shown, sorted by and exported.</summary>
public enum SessionColumn
{
    Campaign,
    Contact,
    Phone,
    Operator,
    Started,
    Dialled,
    Connected,
    Ended,
    TalkTime,
    DialResult,
    Result,
    Note,
}

/// <summary>The order of a list of sessions; ties go newest first.</summary>
public readonly record struct SessionSort(SessionColumn Column, bool Descending)
{
    public static readonly SessionSort NewestFirst = new(SessionColumn.Started, Descending: true);
}
