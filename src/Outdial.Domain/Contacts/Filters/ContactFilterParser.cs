using System.Globalization;
using System.Text.Json;

namespace Outdial.Contacts.Filters;

/// <summary>
/// Reads the JSON filter format (docs/contact-filters.md) into a validated tree. Every problem is
/// reported with its path in the tree, e.g. <c>filter.and[1].op</c>, and what would be valid.
/// </summary>
public sealed class ContactFilterParser(IReadOnlyDictionary<string, ContactField> customFields, string defaultRegion)
{
    public const int MaxDepth = 10;
    public const int MaxConditions = 200;
    public const int MaxListValues = 1000;

    private readonly Dictionary<string, string[]> _errors = [];
    private int _conditions;

    /// <summary>Parses <paramref name="json"/>; throws <see cref="InvalidInputProblem"/> naming each invalid part.</summary>
    public FilterNode Parse(JsonElement json, string path = "filter")
    {
        var node = ParseNode(json, path, 0);
        if (_errors.Count > 0)
        {
            throw new InvalidInputProblem(_errors);
        }

        return node!;
    }

    private FilterNode? ParseNode(JsonElement json, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return Fail<FilterNode>(path, $"Filters nest at most {MaxDepth} groups deep.");
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail<FilterNode>(path, "Expected an object: a group {\"and\": [...]} or {\"or\": [...]}, or a condition {\"field\", \"op\", \"value\"}.");
        }

        var hasAnd = json.TryGetProperty("and", out var and);
        var hasOr = json.TryGetProperty("or", out var or);
        if (hasAnd || hasOr)
        {
            if (hasAnd && hasOr || json.EnumerateObject().Count() != 1)
            {
                return Fail<FilterNode>(path, "A group has exactly one property, \"and\" or \"or\", holding a list of conditions and groups.");
            }

            var list = hasAnd ? and : or;
            var name = hasAnd ? "and" : "or";
            if (list.ValueKind != JsonValueKind.Array)
            {
                return Fail<FilterNode>($"{path}.{name}", "Expected a list of conditions and groups.");
            }

            var children = new List<FilterNode>();
            var index = 0;
            foreach (var child in list.EnumerateArray())
            {
                if (ParseNode(child, $"{path}.{name}[{index++}]", depth + 1) is { } parsed)
                {
                    children.Add(parsed);
                }
            }

            return new FilterGroup(hasAnd, children);
        }

        return ParseCondition(json, path);
    }

    private FilterCondition? ParseCondition(JsonElement json, string path)
    {
        if (++_conditions > MaxConditions)
        {
            return Fail<FilterCondition>(path, $"A filter has at most {MaxConditions} conditions.");
        }

        foreach (var property in json.EnumerateObject())
        {
            if (property.Name is not ("field" or "op" or "value"))
            {
                return Fail<FilterCondition>($"{path}.{property.Name}", $"'{property.Name}' is not part of a condition; a condition has \"field\", \"op\" and \"value\".");
            }
        }

        if (!json.TryGetProperty("field", out var fieldJson) || fieldJson.ValueKind != JsonValueKind.String)
        {
            return Fail<FilterCondition>($"{path}.field", "Name the field, e.g. \"lastName\", \"phone\" or \"custom.contractEnd\".");
        }

        var field = fieldJson.GetString()!;
        if (!TryResolveField(field, out var kind, out var customKey))
        {
            var known = string.Join(", ", FilterFields.Standard.Keys.Concat(customFields.Keys.Select(k => FilterFields.CustomPrefix + k)));
            return Fail<FilterCondition>($"{path}.field", $"Unknown field '{field}'. Known fields: {known}.");
        }

        if (!json.TryGetProperty("op", out var opJson) || opJson.ValueKind != JsonValueKind.String
            || !Enum.TryParse<FilterOperator>(opJson.GetString(), ignoreCase: true, out var op)
            || !char.IsLower(opJson.GetString()![0]))
        {
            return Fail<FilterCondition>($"{path}.op", $"Unknown operator. For '{field}' use one of: {OperatorList(kind)}.");
        }

        if (!FilterFields.OperatorsFor(kind).Contains(op))
        {
            return Fail<FilterCondition>($"{path}.op", $"'{op.JsonName()}' does not apply to '{field}' ({kind}). Use one of: {OperatorList(kind)}.");
        }

        json.TryGetProperty("value", out var value);
        var values = ParseValues(op, kind, customKey, value, $"{path}.value", field);
        return values is null ? null : new FilterCondition(field, kind, customKey, op, values);
    }

    private List<object>? ParseValues(FilterOperator op, FilterFieldKind kind, string? customKey, JsonElement value, string path, string field)
    {
        switch (op)
        {
            case FilterOperator.IsEmpty or FilterOperator.IsNotEmpty:
                return [];
            case FilterOperator.Between:
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
                {
                    return Fail<List<object>>(path, $"'between' takes a list of two values [from, to], both included.");
                }

                var bounds = value.EnumerateArray().Select((v, i) => ParseScalar(v, kind, customKey, op, $"{path}[{i}]", field)).ToList();
                if (bounds.Any(b => b is null))
                {
                    return null;
                }

                // A range the wrong way round would quietly match nobody.
                return bounds[0] is IComparable from && from.CompareTo(bounds[1]) > 0
                    ? Fail<List<object>>(path, $"'between' takes [from, to] with from not after to; you wrote [{value[0]}, {value[1]}]. Swap the two values.")
                    : [.. bounds.OfType<object>()];
            case FilterOperator.In:
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxListValues)
                {
                    return Fail<List<object>>(path, $"'in' takes a list of 1 to {MaxListValues} values.");
                }

                var items = value.EnumerateArray().Select((v, i) => ParseScalar(v, kind, customKey, op, $"{path}[{i}]", field)).ToList();
                return items.Any(i => i is null) ? null : [.. items.OfType<object>()];
            default:
                var scalar = ParseScalar(value, kind, customKey, op, path, field);
                return scalar is null ? null : [scalar];
        }
    }

    private object? ParseScalar(JsonElement value, FilterFieldKind kind, string? customKey, FilterOperator op, string path, string field)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            return Fail<object>(path, $"'{field}' needs a value here.");
        }

        switch (kind)
        {
            case FilterFieldKind.Text or FilterFieldKind.Email:
                return text.Trim().Length is > 0 and <= 500 ? (object)text.Trim().ToLowerInvariant() : Fail<object>(path, "Give a text of 1 to 500 characters.");
            case FilterFieldKind.Keyword:
                return text.Trim().Length is > 0 and <= 500 ? (object)text.Trim() : Fail<object>(path, "Give a text of 1 to 500 characters.");
            case FilterFieldKind.Phone:
                return ParsePhone(text, op, path);
            case FilterFieldKind.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? (object)number
                    : Fail<object>(path, $"'{field}' is a number; '{text}' is not one.");
            case FilterFieldKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (object)date
                    : Fail<object>(path, $"'{field}' is a date; write it as YYYY-MM-DD.");
            case FilterFieldKind.DateTime:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    ? (object)time
                    : Fail<object>(path, $"'{field}' is a time; write it as ISO 8601, e.g. 2026-11-27 or 2026-11-27T09:30:00Z.");
            case FilterFieldKind.YesNo:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" => (object)true,
                    "false" or "no" => (object)false,
                    _ => Fail<object>(path, $"'{field}' is yes or no: use true or false."),
                };
            case FilterFieldKind.OneOf:
                var options = customFields[customKey!].Options;
                var option = options.FirstOrDefault(o => string.Equals(o, text.Trim(), StringComparison.OrdinalIgnoreCase));
                return option ?? Fail<object>(path, $"'{text}' is not an option of '{field}'. Options: {string.Join(", ", options)}.");
            default:
                throw new InvalidOperationException($"Unknown field kind {kind}.");
        }
    }

    /// <summary>
    /// eq/neq/in compare whole numbers in E.164, so "777 123 456" finds "+420777123456";
    /// startsWith takes a prefix such as "+420"; contains takes digits.
    /// </summary>
    private string? ParsePhone(string text, FilterOperator op, string path)
    {
        switch (op)
        {
            case FilterOperator.StartsWith:
                var prefix = new string([.. text.Where(c => char.IsDigit(c) || c == '+')]);
                if (prefix.StartsWith("00", StringComparison.Ordinal))
                {
                    prefix = "+" + prefix[2..];
                }

                return prefix.Length > 0 ? prefix : Fail<string>(path, "Give the start of a number in international form, e.g. +420.");
            case FilterOperator.Contains:
                var digits = new string([.. text.Where(char.IsDigit)]);
                return digits.Length > 0 ? digits : Fail<string>(path, "Give some digits of the number.");
            default:
                return PhoneNumber.ToE164(text, defaultRegion) ?? Fail<string>(path, $"'{text}' is not a valid phone number (default region {defaultRegion}).");
        }
    }

    private bool TryResolveField(string field, out FilterFieldKind kind, out string? customKey)
    {
        customKey = null;
        if (FilterFields.Standard.TryGetValue(field, out kind))
        {
            return true;
        }

        if (field.StartsWith(FilterFields.CustomPrefix, StringComparison.Ordinal)
            && customFields.TryGetValue(field[FilterFields.CustomPrefix.Length..], out var custom))
        {
            customKey = custom.Key;
            kind = FilterFields.KindOf(custom.Type);
            return true;
        }

        return false;
    }

    private static string OperatorList(FilterFieldKind kind) => string.Join(", ", FilterFields.OperatorsFor(kind).Select(o => o.JsonName()));

    /// <summary>Records a problem at <paramref name="path"/> and returns null, so that parsing goes on and reports every problem at once.</summary>
    private T? Fail<T>(string path, string message)
        where T : class
    {
        _errors.TryAdd(path, [message]);
        return null;
    }
}
