using System.Globalization;
using Outdial.Contacts;
using Outdial.Identity;

namespace Outdial.Scripts;

/// <summary>
/// The answers to one version of a script, checked: <see cref="Cleaned"/> holds each answer in its
/// stored form (docs/call-scripts.md), <see cref="Errors"/> says per element key what is wrong.
/// Elements hidden by their show-if are never required and their answers are dropped.
/// </summary>
public sealed class ScriptAnswers
{
    /// <summary>Between the chosen options of a multiple-choice answer, which are kept in the order the script offers them.</summary>
    public const string ChoiceSeparator = "; ";

    public const int MaxShortTextLength = 200;
    public const int MaxLongTextLength = 4000;

    /// <summary>Stored date/time answers: the wall-clock time agreed on the call, to the minute, without an offset; sorts as text.</summary>
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly string[] DateTimeInputs = [DateTimeFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    private ScriptAnswers(IReadOnlyDictionary<string, string> cleaned, IReadOnlyDictionary<string, string> errors, IReadOnlySet<string> visible)
    {
        Cleaned = cleaned;
        Errors = errors;
        Visible = visible;
    }

    /// <summary>Answers by element key, in the stored form; only answered, shown questions.</summary>
    public IReadOnlyDictionary<string, string> Cleaned { get; }

    /// <summary>What is wrong, by element key (or by the unknown key that was sent).</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }

    /// <summary>The keys of the elements shown with these answers.</summary>
    public IReadOnlySet<string> Visible { get; }

    public bool IsValid => Errors.Count == 0;

    /// <summary>Throws <see cref="InvalidInputProblem"/> with one error per field, named <paramref name="fieldPrefix"/> + key (e.g. "answers.email").</summary>
    public IReadOnlyDictionary<string, string> ThrowIfInvalid(string fieldPrefix = "answers.") =>
        IsValid ? Cleaned : throw new InvalidInputProblem(Errors.ToDictionary(e => fieldPrefix + e.Key, e => new[] { e.Value }));

    /// <param name="defaultRegion">Phone answers without a country code are read as numbers of this region (ISO 3166, e.g. CZ).</param>
    public static ScriptAnswers Check(IReadOnlyList<ScriptElement> elements, IReadOnlyDictionary<string, string?> answers, string defaultRegion)
    {
        var cleaned = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, ScriptElementKind>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            // A script being designed may still repeat a key; the first one counts.
            kinds.TryAdd(element.Key, element.Kind);
        }

        foreach (var element in elements)
        {
            if (element.ShowIf is { } showIf && !(visible.Contains(showIf.Key) && Matches(kinds[showIf.Key], cleaned.GetValueOrDefault(showIf.Key), showIf.Value)))
            {
                continue;
            }

            visible.Add(element.Key);
            var raw = answers.GetValueOrDefault(element.Key);
            if (!element.TakesAnswer)
            {
                if (!string.IsNullOrWhiteSpace(raw))
                {
                    errors[element.Key] = "This is text to read to the contact; it takes no answer. Leave it out.";
                }

                continue;
            }

            string? problem = null;
            var answer = string.IsNullOrWhiteSpace(raw) ? "" : Clean(element, raw, defaultRegion, out problem);
            if (answer is null)
            {
                errors[element.Key] = $"{element.Label}: {problem}";
            }
            else if (answer.Length > 0)
            {
                cleaned[element.Key] = answer;
            }
            else if (element.Required)
            {
                errors[element.Key] = $"{element.Label}: an answer is required.";
            }
        }

        foreach (var key in answers.Keys.Where(k => !kinds.ContainsKey(k)))
        {
            errors[key] = $"'{key}' is not a question of this script. Send answers under the keys of the script's elements.";
        }

        return new ScriptAnswers(cleaned, errors, visible);
    }

    /// <summary>An answer in its stored form; "" for a multiple choice with nothing chosen; null (with <paramref name="problem"/>) when it is not a valid answer.</summary>
    internal static string? Clean(ScriptElement element, string raw, string defaultRegion, out string? problem)
    {
        problem = null;
        var text = raw.Trim();
        switch (element.Kind)
        {
            case ScriptElementKind.ShortText:
                return text.Length <= MaxShortTextLength ? text : Refuse($"write at most {MaxShortTextLength} characters.", out problem);
            case ScriptElementKind.LongText:
                return text.Length <= MaxLongTextLength ? text : Refuse($"write at most {MaxLongTextLength:N0} characters.", out problem);
            case ScriptElementKind.Number:
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString("0.############################", CultureInfo.InvariantCulture)
                    : Refuse("enter a number such as 12 or -3.5 (a point before the decimals, no spaces or thousands separators).", out problem);
            case ScriptElementKind.Email:
                return EmailAddress.TryParse(text, out var email) ? email.Value.Value : Refuse("enter an e-mail address such as jana.novakova@example.com.", out problem);
            case ScriptElementKind.Phone:
                return PhoneNumber.Parse(text, defaultRegion).E164 ?? Refuse("enter a phone number, with the country code if it is abroad (e.g. +420 222 333 444).", out problem);
            case ScriptElementKind.DateTime:
                return DateTime.TryParseExact(text, DateTimeInputs, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment)
                    ? moment.ToString(DateTimeFormat, CultureInfo.InvariantCulture)
                    : Refuse("enter a date and time such as 2026-03-31T14:30.", out problem);
            case ScriptElementKind.YesNo:
                return text.ToLowerInvariant() switch
                {
                    "yes" or "true" => "yes",
                    "no" or "false" => "no",
                    _ => Refuse("answer yes or no.", out problem),
                };
            case ScriptElementKind.SingleChoice or ScriptElementKind.DropDown:
                return Offered(element, text) ?? Refuse($"choose one of: {string.Join(", ", element.Options)}.", out problem);
            case ScriptElementKind.MultipleChoice:
                var chosen = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var notOffered = chosen.Where(c => Offered(element, c) is null).ToList();
                return notOffered.Count > 0
                    ? Refuse($"'{notOffered[0]}' is not offered; choose from: {string.Join(", ", element.Options)}.", out problem)
                    : string.Join(ChoiceSeparator, element.Options.Where(o => chosen.Contains(o, StringComparer.OrdinalIgnoreCase)));
            default:
                return Refuse("this element takes no answer.", out problem);
        }
    }

    /// <summary>Whether a stored answer satisfies a show-if value: equal, or for multiple choice one of the chosen options.</summary>
    private static bool Matches(ScriptElementKind kind, string? answer, string value) =>
        answer is not null && (kind == ScriptElementKind.MultipleChoice
            ? answer.Split(ChoiceSeparator).Contains(value, StringComparer.OrdinalIgnoreCase)
            : string.Equals(answer, value, StringComparison.OrdinalIgnoreCase));

    private static string? Offered(ScriptElement element, string text) => element.Options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));

    private static string? Refuse(string message, out string? problem)
    {
        problem = message;
        return null;
    }
}
