namespace Outdial.Contacts.Filters;

/// <summary>The operators of the filter language. Which ones apply depends on the field's kind.</summary>
public enum FilterOperator
{
    Eq,
    Neq,
    Contains,
    StartsWith,
    IsEmpty,
    IsNotEmpty,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    In,
}

/// <summary>How a field is compared; each kind has its own set of operators.</summary>
public enum FilterFieldKind
{
    /// <summary>Case-insensitive text (names, company, custom text).</summary>
    Text,

    /// <summary>Text compared exactly, e.g. a time-zone id.</summary>
    Keyword,

    /// <summary>Any of the contact's e-mail addresses.</summary>
    Email,

    /// <summary>Any of the contact's phones, compared in E.164 whatever format the value uses.</summary>
    Phone,

    Number,
    Date,
    DateTime,
    YesNo,

    /// <summary>A one-of-list custom field: compared against its options, case-insensitively.</summary>
    OneOf,
}

/// <summary>A node of a validated filter tree.</summary>
public abstract record FilterNode;

/// <summary>All children must hold (<see cref="IsAnd"/>) or at least one must. An empty group holds for every contact.</summary>
public sealed record FilterGroup(bool IsAnd, IReadOnlyList<FilterNode> Children) : FilterNode;

/// <summary>
/// One comparison. <see cref="Values"/> holds the operand(s) already converted to the field's
/// kind: none for isEmpty/isNotEmpty, two for between, one or more for in, otherwise one.
/// </summary>
public sealed record FilterCondition(string Field, FilterFieldKind Kind, string? CustomKey, FilterOperator Operator, IReadOnlyList<object> Values) : FilterNode;
