using System.Globalization;
using System.Text.RegularExpressions;

namespace Outdial.Contacts;

public enum ContactFieldType
{
    Text,
    Number,
    Date,
    YesNo,
    OneOf,
}

/// <summary>A custom field of the contact directory that an administrator defines, e.g. "Contract end" (date).</summary>
public sealed partial class ContactField
{
    public const int MaxKeyLength = 40;
    public const int MaxLabelLength = 100;
    public const int MaxTextLength = 2000;

    private ContactField()
    {
    }

    public ContactField(string key, string label, ContactFieldType type, IEnumerable<string>? options, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        Key = key;
        Label = label;
        Type = type;
        Options = [.. options ?? []];
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The name used in filters (<c>custom.KEY</c>), the API and CSV mapping; never changes.</summary>
    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public ContactFieldType Type { get; private set; }

    /// <summary>The allowed values of a one-of-list field.</summary>
    public List<string> Options { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public void Relabel(string label, IEnumerable<string>? options)
    {
        Label = label;
        if (Type == ContactFieldType.OneOf)
        {
            Options = [.. options ?? []];
        }
    }

    /// <summary>Keys are short identifiers: a letter, then letters, digits or underscores.</summary>
    public static bool IsValidKey(string key) => key.Length <= MaxKeyLength && KeyPattern().IsMatch(key);

    /// <summary>Reads a value written as text; returns the typed value or an error that says what is expected.</summary>
    public FieldValueParse Parse(string text)
    {
        var trimmed = text.Trim();
        switch (Type)
        {
            case ContactFieldType.Text:
                return trimmed.Length <= MaxTextLength
                    ? FieldValueParse.Of(new FieldValue(Text: trimmed))
                    : FieldValueParse.Error($"'{Label}' takes at most {MaxTextLength} characters.");
            case ContactFieldType.Number:
                return double.TryParse(trimmed.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? FieldValueParse.Of(new FieldValue(Number: number))
                    : FieldValueParse.Error($"'{Label}' is a number; '{Shorten(trimmed)}' is not one (write e.g. 42 or 3.5).");
            case ContactFieldType.Date:
                if (DateOnly.TryParseExact(trimmed, ["yyyy-MM-dd", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return FieldValueParse.Of(new FieldValue(Date: date));
                }

                // A full ISO 8601 time (e.g. from another system's export) keeps its calendar date.
                return trimmed.Contains('T') && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? FieldValueParse.Of(new FieldValue(Date: DateOnly.FromDateTime(time.DateTime)))
                    : FieldValueParse.Error($"'{Label}' is a date; write '{Shorten(trimmed)}' as YYYY-MM-DD, e.g. 2026-12-31.");
            case ContactFieldType.YesNo:
                return trimmed.ToLowerInvariant() switch
                {
                    "true" or "yes" or "y" or "1" or "ano" or "a" => FieldValueParse.Of(new FieldValue(YesNo: true)),
                    "false" or "no" or "n" or "0" or "ne" => FieldValueParse.Of(new FieldValue(YesNo: false)),
                    _ => FieldValueParse.Error($"'{Label}' is yes or no; '{Shorten(trimmed)}' is neither."),
                };
            case ContactFieldType.OneOf:
                var option = Options.FirstOrDefault(o => string.Equals(o, trimmed, StringComparison.OrdinalIgnoreCase));
                return option is not null
                    ? FieldValueParse.Of(new FieldValue(Text: option))
                    : FieldValueParse.Error($"'{Label}' must be one of: {string.Join(", ", Options)}.");
            default:
                throw new InvalidOperationException($"Unknown field type {Type}.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();
}

/// <summary>A typed custom-field value; exactly one part is set, according to the field's type.</summary>
public readonly record struct FieldValue(string? Text = null, double? Number = null, DateOnly? Date = null, bool? YesNo = null)
{
    /// <summary>The value as text, the way it would be written in a CSV file.</summary>
    public override string ToString() =>
        Text ?? Number?.ToString("R", CultureInfo.InvariantCulture) ?? Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? (YesNo is { } yes ? (yes ? "true" : "false") : "");
}

public readonly record struct FieldValueParse(FieldValue? Value, string? Problem)
{
    public static FieldValueParse Of(FieldValue value) => new(value, null);

    public static FieldValueParse Error(string problem) => new(null, problem);
}
