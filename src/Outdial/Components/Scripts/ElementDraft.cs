using System.Text;
using Outdial.Scripts;

namespace Outdial.Components.Scripts;

/// <summary>An element as the designer edits it: mutable, possibly invalid until saved.</summary>
public sealed class ElementDraft
{
    public ScriptElementKind Kind { get; set; }

    public string Key { get; set; } = "";

    /// <summary>Once someone types a key, the label no longer suggests one.</summary>
    public bool KeyEdited { get; set; }

    public string Label { get; set; } = "";

    public string Help { get; set; } = "";

    public bool Required { get; set; }

    public List<string> Options { get; set; } = [];

    public string Text { get; set; } = "";

    public string? ShowIfKey { get; set; }

    public string ShowIfValue { get; set; } = "";

    public static ElementDraft From(ScriptElement e) => new()
    {
        Kind = e.Kind, Key = e.Key, KeyEdited = true, Label = e.Label, Help = e.Help, Required = e.Required, Options = [.. e.Options], Text = e.Text,
        ShowIfKey = e.ShowIf?.Key, ShowIfValue = e.ShowIf?.Value ?? "",
    };

    public ScriptElement ToElement() => new(
        Key, Kind, Label, Help, Required, Kind is ScriptElementKind.SingleChoice or ScriptElementKind.MultipleChoice or ScriptElementKind.DropDown ? [.. Options] : [],
        Kind == ScriptElementKind.Text ? Text : "", string.IsNullOrEmpty(ShowIfKey) ? null : new ShowIf(ShowIfKey, ShowIfValue));

    public void SetLabel(string label)
    {
        Label = label;
        if (!KeyEdited)
        {
            Key = SuggestKey(label);
        }
    }

    /// <summary>"When may we visit?" becomes "whenMayWeVisit": a key that reads like the question.</summary>
    public static string SuggestKey(string label)
    {
        var key = new StringBuilder();
        foreach (var word in label.Split(' ', '-', '_', '/', '.', ',', '?', '!', ':', ';', '(', ')', '\'', '"').Where(w => w.Length > 0))
        {
            var letters = new string([.. word.Normalize(NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit)]);
            if (letters.Length == 0)
            {
                continue;
            }

            key.Append(key.Length == 0 ? letters.ToLowerInvariant() : char.ToUpperInvariant(letters[0]) + letters[1..].ToLowerInvariant());
        }

        var suggestion = key.ToString().TrimStart("0123456789".ToCharArray());
        return suggestion.Length > ScriptElement.MaxKeyLength ? suggestion[..ScriptElement.MaxKeyLength] : suggestion;
    }
}
