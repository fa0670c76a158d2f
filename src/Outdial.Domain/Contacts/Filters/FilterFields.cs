namespace Outdial.Contacts.Filters;

/// <summary>The fields a filter can name and the operators each kind allows.</summary>
public static class FilterFields
{
    public const string CustomPrefix = "custom.";

    public static readonly IReadOnlyDictionary<string, FilterFieldKind> Standard = new Dictionary<string, FilterFieldKind>
    {
        ["firstName"] = FilterFieldKind.Text,
        ["lastName"] = FilterFieldKind.Text,
        ["displayName"] = FilterFieldKind.Text,
        ["company"] = FilterFieldKind.Text,
        ["externalId"] = FilterFieldKind.Text,
        ["timeZone"] = FilterFieldKind.Keyword,
        ["email"] = FilterFieldKind.Email,
        ["phone"] = FilterFieldKind.Phone,
        ["createdAt"] = FilterFieldKind.DateTime,
        ["updatedAt"] = FilterFieldKind.DateTime,
    };

    public static IReadOnlyList<FilterOperator> OperatorsFor(FilterFieldKind kind) => kind switch
    {
        FilterFieldKind.Text or FilterFieldKind.Keyword or FilterFieldKind.Email or FilterFieldKind.Phone =>
            [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.Contains, FilterOperator.StartsWith, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty, FilterOperator.In],
        FilterFieldKind.Number =>
            [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte, FilterOperator.Between, FilterOperator.In, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        FilterFieldKind.Date =>
            [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte, FilterOperator.Between, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        FilterFieldKind.DateTime =>
            [FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte, FilterOperator.Between],
        FilterFieldKind.YesNo =>
            [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        FilterFieldKind.OneOf =>
            [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.In, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        _ => [],
    };

    public static FilterFieldKind KindOf(ContactFieldType type) => type switch
    {
        ContactFieldType.Text => FilterFieldKind.Text,
        ContactFieldType.Number => FilterFieldKind.Number,
        ContactFieldType.Date => FilterFieldKind.Date,
        ContactFieldType.YesNo => FilterFieldKind.YesNo,
        ContactFieldType.OneOf => FilterFieldKind.OneOf,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The operator's name in the JSON format, e.g. "startsWith".</summary>
    public static string JsonName(this FilterOperator op) => char.ToLowerInvariant(op.ToString()[0]) + op.ToString()[1..];
}
