using System.Text.RegularExpressions;
using Outdial.Contacts;

namespace Outdial.Scripts;

/// <summary>A piece of rendered script text: literal words, or the value a placeholder stood for.</summary>
/// <param name="IsMissing">The contact has no value for the placeholder; <see cref="Text"/> is then the placeholder's name in brackets, e.g. "[firstName]".</param>
public sealed record ScriptTextSegment(string Text, bool IsPlaceholder, bool IsMissing);

/// <summary>
/// Placeholders in the text an operator reads: <c>{firstName}</c>, <c>{lastName}</c>,
/// <c>{company}</c>, <c>{phone}</c>, <c>{email}</c>, <c>{externalId}</c> and <c>{custom:key}</c>
/// for a custom contact field. Rendering yields plain text segments, never markup: whatever a
/// contact's name contains is shown as written.
/// </summary>
public static partial class ScriptText
{
    public static IReadOnlyList<string> StandardPlaceholders { get; } = ["firstName", "lastName", "company", "phone", "email", "externalId"];

    public const string CustomPrefix = "custom:";

    /// <summary>A hint for the people who write scripts.</summary>
    public static string Hint => string.Join(", ", StandardPlaceholders.Select(p => "{" + p + "}")) + " and {custom:key} for a custom field";

    /// <summary>The names in braces that are not placeholders Outdial knows.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups["name"].Value).Where(name => !IsKnown(name)).Distinct()];

    /// <summary>
    /// Splits <paramref name="text"/> into literal text and placeholder values. A placeholder the
    /// contact has no value for shows as "[name]" (marked <see cref="ScriptTextSegment.IsMissing"/>)
    /// so the operator sees that something is missing instead of reading a sentence with a gap.
    /// </summary>
    public static IReadOnlyList<ScriptTextSegment> Render(string text, IReadOnlyDictionary<string, string?> values)
    {
        var segments = new List<ScriptTextSegment>();
        var at = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!IsKnown(name))
            {
                continue;
            }

            if (match.Index > at)
            {
                segments.Add(new ScriptTextSegment(text[at..match.Index], false, false));
            }

            segments.Add(values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
                ? new ScriptTextSegment(value, true, false)
                : new ScriptTextSegment($"[{name}]", true, true));
            at = match.Index + match.Length;
        }

        if (at < text.Length)
        {
            segments.Add(new ScriptTextSegment(text[at..], false, false));
        }

        return segments;
    }

    /// <summary>The placeholder values of a contact; <paramref name="phone"/> is the number being called.</summary>
    public static IReadOnlyDictionary<string, string?> ValuesOf(Contact contact, string? phone)
    {
        var values = new Dictionary<string, string?>
        {
            ["firstName"] = contact.FirstName,
            ["lastName"] = contact.LastName,
            ["company"] = contact.Company,
            ["phone"] = phone ?? contact.Phones.FirstOrDefault(p => p.IsValid)?.E164,
            ["email"] = contact.Emails.OrderBy(e => e.Position).FirstOrDefault()?.Address,
            ["externalId"] = contact.ExternalId,
        };
        foreach (var custom in contact.Values)
        {
            values[CustomPrefix + custom.FieldKey] = custom.Value.ToString();
        }

        return values;
    }

    private static bool IsKnown(string name) =>
        StandardPlaceholders.Contains(name) || (name.StartsWith(CustomPrefix, StringComparison.Ordinal) && ContactField.IsValidKey(name[CustomPrefix.Length..]));

    [GeneratedRegex(@"\{(?<name>[^{}\s]{1,60})\}")]
    private static partial Regex Placeholder();
}
