using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Outdial.Contacts;
using Outdial.Contacts.Filters;

namespace Outdial.Components.Contacts;

/// <summary>A field that the filter builder offers: its JSON name, what a person reads, and its kind.</summary>
public sealed record FilterFieldChoice(string Name, string Label, FilterFieldKind Kind, IReadOnlyList<string> Options)
{
    public static IReadOnlyList<FilterFieldChoice> For(IReadOnlyList<ContactField> customFields) =>
    [
        new("firstName", "First name", FilterFieldKind.Text, []),
        new("lastName", "Last name", FilterFieldKind.Text, []),
        new("displayName", "Display name", FilterFieldKind.Text, []),
        new("company", "Company", FilterFieldKind.Text, []),
        new("email", "E-mail", FilterFieldKind.Email, []),
        new("phone", "Phone", FilterFieldKind.Phone, []),
        new("externalId", "External id", FilterFieldKind.Text, []),
        new("timeZone", "Time zone", FilterFieldKind.Keyword, []),
        new("createdAt", "Created", FilterFieldKind.DateTime, []),
        new("updatedAt", "Updated", FilterFieldKind.DateTime, []),
        .. customFields.Select(f => new FilterFieldChoice(FilterFields.CustomPrefix + f.Key, f.Label, FilterFields.KindOf(f.Type), f.Options)),
    ];
}

/// <summary>A node of the filter being edited in the UI.</summary>
public abstract class FilterEditNode;

public sealed class FilterEditGroup : FilterEditNode
{
    public bool IsAnd { get; set; } = true;

    public List<FilterEditNode> Children { get; } = [];
}

public sealed class FilterEditCondition : FilterEditNode
{
    public string Field { get; set; } = "lastName";

    public FilterOperator Operator { get; set; } = FilterOperator.Eq;

    /// <summary>The value as typed; for "is one of", values separated by commas.</summary>
    public string Value { get; set; } = "";

    /// <summary>The upper bound of "between".</summary>
    public string Value2 { get; set; } = "";
}

/// <summary>Converts between the edited tree and the JSON filter format of docs/contact-filters.md.</summary>
public static class FilterEditing
{
    public static string OperatorLabel(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "is",
        FilterOperator.Neq => "is not",
        FilterOperator.Contains => "contains",
        FilterOperator.StartsWith => "starts with",
        FilterOperator.IsEmpty => "is empty",
        FilterOperator.IsNotEmpty => "is not empty",
        FilterOperator.Gt => "is greater than",
        FilterOperator.Gte => "is at least",
        FilterOperator.Lt => "is less than",
        FilterOperator.Lte => "is at most",
        FilterOperator.Between => "is between",
        FilterOperator.In => "is one of",
        _ => op.ToString(),
    };

    public static bool TakesValue(FilterOperator op) => op is not (FilterOperator.IsEmpty or FilterOperator.IsNotEmpty);

    public static JsonNode ToJson(FilterEditNode node, IReadOnlyList<FilterFieldChoice> fields) => node switch
    {
        FilterEditGroup group => new JsonObject { [group.IsAnd ? "and" : "or"] = new JsonArray([.. group.Children.Select(c => ToJson(c, fields))]) },
        FilterEditCondition condition => ConditionToJson(condition, fields.FirstOrDefault(f => f.Name == condition.Field)?.Kind ?? FilterFieldKind.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public static FilterEditGroup FromJson(JsonElement json)
    {
        var node = NodeFromJson(json);
        if (node is FilterEditGroup group)
        {
            return group;
        }

        var root = new FilterEditGroup();
        root.Children.Add(node);
        return root;
    }

    private static FilterEditNode NodeFromJson(JsonElement json)
    {
        foreach (var name in new[] { "and", "or" })
        {
            if (json.TryGetProperty(name, out var children))
            {
                var group = new FilterEditGroup { IsAnd = name == "and" };
                group.Children.AddRange(children.EnumerateArray().Select(NodeFromJson));
                return group;
            }
        }

        var condition = new FilterEditCondition
        {
            Field = json.GetProperty("field").GetString() ?? "",
            Operator = Enum.Parse<FilterOperator>(json.GetProperty("op").GetString() ?? "eq", ignoreCase: true),
        };
        if (json.TryGetProperty("value", out var value))
        {
            if (value.ValueKind == JsonValueKind.Array && condition.Operator == FilterOperator.Between)
            {
                condition.Value = Text(value[0]);
                condition.Value2 = Text(value[1]);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                condition.Value = string.Join(", ", value.EnumerateArray().Select(Text));
            }
            else
            {
                condition.Value = Text(value);
            }
        }

        return condition;
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static JsonObject ConditionToJson(FilterEditCondition condition, FilterFieldKind kind)
    {
        var json = new JsonObject { ["field"] = condition.Field, ["op"] = condition.Operator.JsonName() };
        switch (condition.Operator)
        {
            case FilterOperator.IsEmpty or FilterOperator.IsNotEmpty:
                break;
            case FilterOperator.Between:
                json["value"] = new JsonArray(Value(condition.Value, kind), Value(condition.Value2, kind));
                break;
            case FilterOperator.In:
                json["value"] = new JsonArray([.. condition.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => Value(v, kind))]);
                break;
            default:
                json["value"] = Value(condition.Value, kind);
                break;
        }

        return json;
    }

    /// <summary>Numbers and yes/no travel as JSON numbers and booleans when they read as such; the parser reports anything else.</summary>
    private static JsonNode? Value(string text, FilterFieldKind kind) => kind switch
    {
        FilterFieldKind.Number when double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        FilterFieldKind.YesNo when bool.TryParse(text, out var yes) => JsonValue.Create(yes),
        _ => JsonValue.Create(text.Trim()),
    };
}
