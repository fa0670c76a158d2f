namespace Outdial.Scripts;

/// <summary>What an element of a call script asks for, or <see cref="Text"/> for words the operator reads out.</summary>
public enum ScriptElementKind
{
    /// <summary>Text to read to the contact, with placeholders; takes no answer.</summary>
    Text,
    ShortText,
    LongText,
    Number,
    Email,
    Phone,
    DateTime,

    /// <summary>A closed question: exactly one of the options, shown as radio buttons.</summary>
    SingleChoice,

    /// <summary>Any number of the options, shown as check boxes.</summary>
    MultipleChoice,

    /// <summary>Exactly one of the options, shown as a drop-down list.</summary>
    DropDown,
    YesNo,
}

/// <summary>Show an element only if the answer to an earlier element equals <see cref="Value"/> (for multiple choice: includes it).</summary>
public sealed record ShowIf(string Key, string Value);

/// <summary>
/// One field of a call script. <see cref="Key"/> is the name the answer is saved under as a
/// session parameter, so it stays the same across versions when the label changes.
/// </summary>
public sealed record ScriptElement(
    string Key,
    ScriptElementKind Kind,
    string Label = "",
    string Help = "",
    bool Required = false,
    IReadOnlyList<string>? Options = null,
    string Text = "",
    ShowIf? ShowIf = null)
{
    public const int MaxKeyLength = 40;
    public const int MaxLabelLength = 200;
    public const int MaxHelpLength = 1000;
    public const int MaxTextLength = 4000;
    public const int MaxOptions = 100;
    public const int MaxOptionLength = 200;

    public IReadOnlyList<string> Options { get; init; } = Options ?? [];

    public bool TakesAnswer => Kind != ScriptElementKind.Text;

    public bool HasOptions => Kind is ScriptElementKind.SingleChoice or ScriptElementKind.MultipleChoice or ScriptElementKind.DropDown;

    /// <summary>Equal when every setting is equal, options included (a record alone would compare the option lists by reference).</summary>
    public bool Equals(ScriptElement? other) =>
        other is not null && Key == other.Key && Kind == other.Kind && Label == other.Label && Help == other.Help && Required == other.Required
        && Text == other.Text && ShowIf == other.ShowIf && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(Key, Kind, Label, Help, Required, Text, ShowIf, Options.Count);
}
