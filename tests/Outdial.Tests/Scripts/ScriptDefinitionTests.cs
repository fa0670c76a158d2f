using Outdial.Scripts;

namespace Outdial.Tests.Scripts;

public sealed class ScriptDefinitionTests
{
    private static readonly ScriptElement Interest = new("interest", ScriptElementKind.SingleChoice, "Interested?", Options: ["Very", "A little", "Not at all"]);

    private static ScriptElement Short(string key, string label = "Question") => new(key, ScriptElementKind.ShortText, label);

    public static TheoryData<string, ScriptElement[], string> Invalid => new()
    {
        { "key with a space", [Short("first name")], "elements[0].key" },
        { "key starting with a digit", [Short("1st")], "elements[0].key" },
        { "key of 41 characters", [Short(new string('k', 41))], "elements[0].key" },
        { "key used twice, ignoring case", [Short("city"), Short("City")], "elements[1].key" },
        { "question without a label", [Short("city", "")], "elements[0].label" },
        { "label of 201 characters", [Short("city", new string('l', 201))], "elements[0].label" },
        { "help of 1,001 characters", [Short("city") with { Help = new string('h', 1001) }], "elements[0].help" },
        { "choice without options", [new("interest", ScriptElementKind.SingleChoice, "Interested?")], "elements[0].options" },
        { "drop-down with the same option twice", [new("size", ScriptElementKind.DropDown, "Size", Options: ["Small", "small"])], "elements[0].options" },
        { "empty option", [new("size", ScriptElementKind.MultipleChoice, "Size", Options: ["Small", " "])], "elements[0].options" },
        { "option containing ';'", [new("size", ScriptElementKind.MultipleChoice, "Size", Options: ["Small; medium"])], "elements[0].options" },
        { "options on a number", [new("age", ScriptElementKind.Number, "Age", Options: ["1"])], "elements[0].options" },
        { "text element without text", [new("intro", ScriptElementKind.Text)], "elements[0].text" },
        { "unknown placeholder", [new("intro", ScriptElementKind.Text, Text: "Hello {firstname}")], "elements[0].text" },
        { "text on a question", [Short("city") with { Text = "Read this" }], "elements[0].text" },
        { "show-if on a later element", [Short("city") with { ShowIf = new ShowIf("interest", "Very") }, Interest], "elements[0].showIf" },
        { "show-if on an unknown key", [Interest, Short("city") with { ShowIf = new ShowIf("nothing", "Very") }], "elements[1].showIf" },
        { "show-if value not offered", [Interest, Short("city") with { ShowIf = new ShowIf("interest", "Maybe") }], "elements[1].showIf" },
        { "show-if on a long text", [new("notes", ScriptElementKind.LongText, "Notes"), Short("city") with { ShowIf = new ShowIf("notes", "x") }], "elements[1].showIf" },
        { "show-if on yes/no with another value", [new("agree", ScriptElementKind.YesNo, "Agree?"), Short("city") with { ShowIf = new ShowIf("agree", "maybe") }], "elements[1].showIf" },
        { "201 elements", [.. Enumerable.Range(0, 201).Select(i => Short($"q{i}"))], "elements" },
    };

    [Theory, MemberData(nameof(Invalid))]
    public void An_invalid_definition_names_the_element_and_setting(string @case, ScriptElement[] elements, string field)
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => ScriptDefinition.Validate(elements));

        Assert.True(problem.Errors.ContainsKey(field), $"{@case}: expected an error for {field}, got {string.Join(", ", problem.Errors.Keys)}");
    }

    [Fact]
    public void A_valid_definition_is_tidied_and_its_show_if_value_takes_the_stored_form()
    {
        var tidied = ScriptDefinition.Validate(
        [
            new("intro", ScriptElementKind.Text, Required: true, Text: "  Hello {firstName}, this is {custom:agent_name}.  "),
            Interest with { Label = " Interested? " },
            new("agree", ScriptElementKind.YesNo, "Agree?"),
            Short("why") with { ShowIf = new ShowIf("Interest", "not AT all") },
            Short("when") with { ShowIf = new ShowIf("agree", "TRUE") },
        ]);

        Assert.False(tidied[0].Required);
        Assert.Equal("Hello {firstName}, this is {custom:agent_name}.", tidied[0].Text);
        Assert.Equal("Interested?", tidied[1].Label);
        Assert.Equal(new ShowIf("interest", "Not at all"), tidied[3].ShowIf);
        Assert.Equal(new ShowIf("agree", "yes"), tidied[4].ShowIf);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => ScriptDefinition.Validate([Short("ok"), Short("bad key"), Short("fine", "")]));

        Assert.Equal(["elements[1].key", "elements[2].label"], problem.Errors.Keys.Order());
    }
}
