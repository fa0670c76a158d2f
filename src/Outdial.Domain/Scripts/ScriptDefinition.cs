using System.Text.RegularExpressions;

namespace Outdial.Scripts;

/// <summary>The rules a script's elements follow, checked as a whole before a version is saved.</summary>
public static partial class ScriptDefinition
{
    public const int MaxElements = 200;

    /// <summary>The kinds whose answer a later element may depend on: their answers are short and exact.</summary>
    public static IReadOnlySet<ScriptElementKind> ShowIfSources { get; } = new HashSet<ScriptElementKind>
    {
        ScriptElementKind.SingleChoice, ScriptElementKind.MultipleChoice, ScriptElementKind.DropDown, ScriptElementKind.YesNo,
        ScriptElementKind.ShortText, ScriptElementKind.Number,
    };

    /// <summary>Letters, digits, '_' and '-', starting with a letter: safe as a session parameter name.</summary>
    public static bool IsValidKey(string key) => key.Length <= ScriptElement.MaxKeyLength && KeyPattern().IsMatch(key);

    /// <summary>
    /// The elements tidied (texts trimmed, a show-if value in its stored form, text elements never
    /// required), or <see cref="InvalidInputProblem"/> naming each bad setting as
    /// <c>elements[i].field</c>.
    /// </summary>
    public static IReadOnlyList<ScriptElement> Validate(IReadOnlyList<ScriptElement> elements)
    {
        var errors = new Dictionary<string, string[]>();
        if (elements.Count > MaxElements)
        {
            errors["elements"] = [$"A script has at most {MaxElements} elements. Split it into two scripts."];
        }

        var tidied = new List<ScriptElement>();
        var earlier = new Dictionary<string, ScriptElement>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < elements.Count; i++)
        {
            var element = Tidy(elements[i]);
            void Fail(string field, string message) => errors[$"elements[{i}].{field}"] = [message];

            if (!Enum.IsDefined(element.Kind))
            {
                Fail("kind", "Choose one of the element kinds: text, shortText, longText, number, email, phone, dateTime, singleChoice, multipleChoice, dropDown, yesNo.");
            }

            if (!IsValidKey(element.Key))
            {
                Fail("key", $"Give a key of 1 to {ScriptElement.MaxKeyLength} letters, digits, '_' or '-', starting with a letter (e.g. interestedIn); answers are saved under it.");
            }
            else if (earlier.ContainsKey(element.Key))
            {
                Fail("key", $"The key '{element.Key}' is already used by an earlier element; each answer needs its own key.");
            }

            if (element.TakesAnswer && element.Label.Length is < 1 or > ScriptElement.MaxLabelLength)
            {
                Fail("label", $"Give the question a label of 1 to {ScriptElement.MaxLabelLength} characters.");
            }
            else if (!element.TakesAnswer && element.Label.Length > ScriptElement.MaxLabelLength)
            {
                Fail("label", $"A label has at most {ScriptElement.MaxLabelLength} characters.");
            }

            if (element.Help.Length > ScriptElement.MaxHelpLength)
            {
                Fail("help", $"Help text has at most {ScriptElement.MaxHelpLength:N0} characters.");
            }

            if (element.Kind == ScriptElementKind.Text)
            {
                if (element.Text.Length is < 1 or > ScriptElement.MaxTextLength)
                {
                    Fail("text", $"Write the text to read in 1 to {ScriptElement.MaxTextLength:N0} characters.");
                }
                else if (ScriptText.UnknownPlaceholders(element.Text) is [_, ..] unknown)
                {
                    Fail("text", $"{string.Join(", ", unknown.Select(u => "{" + u + "}"))} is not a placeholder. Use {ScriptText.Hint}.");
                }
            }
            else if (element.Text.Length > 0)
            {
                Fail("text", "Only text elements have text to read; put the question in the label.");
            }

            if (OptionsProblem(element) is { } optionsProblem)
            {
                Fail("options", optionsProblem);
            }

            if (element.ShowIf is { } showIf)
            {
                if (ShowIfProblem(showIf, earlier, out var value) is { } showIfProblem)
                {
                    Fail("showIf", showIfProblem);
                }
                else
                {
                    element = element with { ShowIf = new ShowIf(earlier[showIf.Key].Key, value!) };
                }
            }

            tidied.Add(element);
            if (IsValidKey(element.Key))
            {
                earlier.TryAdd(element.Key, element);
            }
        }

        return errors.Count > 0 ? throw new InvalidInputProblem(errors) : tidied;
    }

    private static ScriptElement Tidy(ScriptElement element) => element with
    {
        Key = element.Key?.Trim() ?? "",
        Label = element.Label?.Trim() ?? "",
        Help = element.Help?.Trim() ?? "",
        Text = element.Text?.Trim() ?? "",
        Options = [.. (element.Options ?? []).Select(o => o?.Trim() ?? "")],
        Required = element.Required && element.TakesAnswer,
        ShowIf = element.ShowIf is { } showIf ? new ShowIf(showIf.Key?.Trim() ?? "", showIf.Value?.Trim() ?? "") : null,
    };

    private static string? OptionsProblem(ScriptElement element)
    {
        if (!element.HasOptions)
        {
            return element.Options.Count > 0 ? "Only single choice, multiple choice and drop-down elements have options; remove them or change the kind." : null;
        }

        return element.Options.Count is < 1 or > ScriptElement.MaxOptions ? $"Offer 1 to {ScriptElement.MaxOptions} options to choose from."
            : element.Options.Any(o => o.Length is < 1 or > ScriptElement.MaxOptionLength) ? $"Write each option in 1 to {ScriptElement.MaxOptionLength} characters."
            : element.Options.Any(o => o.Contains(ScriptAnswers.ChoiceSeparator.Trim(), StringComparison.Ordinal)) ? "An option may not contain ';' (the answers to multiple choice are saved separated by '; ')."
            : element.Options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != element.Options.Count ? "Two options are the same; each option must differ from the others."
            : null;
    }

    private static string? ShowIfProblem(ShowIf showIf, Dictionary<string, ScriptElement> earlier, out string? value)
    {
        value = null;
        if (!earlier.TryGetValue(showIf.Key, out var source))
        {
            return $"Show-if refers to '{showIf.Key}', which is not an earlier element. Choose a question above this one.";
        }

        if (!ShowIfSources.Contains(source.Kind))
        {
            return $"'{source.Key}' is a {source.Kind} element; show-if can depend on choices, yes/no, numbers and short texts only.";
        }

        // The value is compared with stored answers, so it is stored in the same form.
        var single = source with { Kind = source.Kind == ScriptElementKind.MultipleChoice ? ScriptElementKind.SingleChoice : source.Kind };
        value = ScriptAnswers.Clean(single, showIf.Value, defaultRegion: "", out var problem);
        return value is null ? $"Show-if needs a value that '{source.Key}' can have: {problem ?? "give one."}" : null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex KeyPattern();
}
