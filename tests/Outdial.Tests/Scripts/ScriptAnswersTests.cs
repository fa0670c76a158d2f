using Outdial.Scripts;

namespace Outdial.Tests.Scripts;

public sealed class ScriptAnswersTests
{
    private static ScriptAnswers Check(ScriptElement element, string? answer) =>
        ScriptAnswers.Check(ScriptDefinition.Validate([element]), new Dictionary<string, string?> { [element.Key] = answer }, "CZ");

    private static ScriptElement Of(ScriptElementKind kind) => new("answer", kind, "The question", Options: kind switch
    {
        ScriptElementKind.SingleChoice or ScriptElementKind.DropDown or ScriptElementKind.MultipleChoice => ["Red", "Green", "Blue"],
        _ => null,
    });

    public static TheoryData<ScriptElementKind, string, string> Accepted => new()
    {
        { ScriptElementKind.ShortText, "  Prague  ", "Prague" },
        { ScriptElementKind.LongText, "Line one\nline two", "Line one\nline two" },
        { ScriptElementKind.Number, "12", "12" },
        { ScriptElementKind.Number, "-3.50", "-3.5" },
        { ScriptElementKind.Email, " jana.novakova@example.com ", "jana.novakova@example.com" },
        { ScriptElementKind.Phone, "777 123 456", "+420777123456" },
        { ScriptElementKind.Phone, "+44 20 7946 0958", "+442079460958" },
        { ScriptElementKind.DateTime, "2026-03-31T14:30", "2026-03-31T14:30" },
        { ScriptElementKind.DateTime, "2026-03-31 14:30:59", "2026-03-31T14:30" },
        { ScriptElementKind.DateTime, "2026-03-31", "2026-03-31T00:00" },
        { ScriptElementKind.YesNo, "YES", "yes" },
        { ScriptElementKind.YesNo, "false", "no" },
        { ScriptElementKind.SingleChoice, "green", "Green" },
        { ScriptElementKind.DropDown, "Blue", "Blue" },
        { ScriptElementKind.MultipleChoice, "blue; Red", "Red; Blue" },
        { ScriptElementKind.MultipleChoice, "Green", "Green" },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void A_valid_answer_is_stored_in_its_normal_form(ScriptElementKind kind, string answer, string stored)
    {
        var result = Check(Of(kind), answer);

        Assert.Empty(result.Errors);
        Assert.Equal(stored, result.Cleaned["answer"]);
    }

    public static TheoryData<ScriptElementKind, string> Refused => new()
    {
        { ScriptElementKind.ShortText, new string('x', 201) },
        { ScriptElementKind.Number, "twelve" },
        { ScriptElementKind.Number, "1,5" },
        { ScriptElementKind.Number, "1 000" },
        { ScriptElementKind.Email, "jana@" },
        { ScriptElementKind.Email, "jana novakova@example.com" },
        { ScriptElementKind.Phone, "12" },
        { ScriptElementKind.DateTime, "31.3.2026 14:30" },
        { ScriptElementKind.DateTime, "2026-02-30T10:00" },
        { ScriptElementKind.YesNo, "maybe" },
        { ScriptElementKind.SingleChoice, "Purple" },
        { ScriptElementKind.DropDown, "Red; Blue" },
        { ScriptElementKind.MultipleChoice, "Red; Purple" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void An_answer_of_the_wrong_type_is_an_error_for_its_key(ScriptElementKind kind, string answer)
    {
        var result = Check(Of(kind), answer);

        Assert.False(result.IsValid);
        Assert.StartsWith("The question: ", result.Errors["answer"]);
        Assert.Empty(result.Cleaned);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData(" ; ")]
    public void A_missing_required_answer_is_an_error_and_an_optional_one_is_left_out(string? answer)
    {
        var required = Check(Of(ScriptElementKind.MultipleChoice) with { Required = true }, answer);
        var optional = Check(Of(ScriptElementKind.MultipleChoice), answer);

        Assert.Contains("required", required.Errors["answer"]);
        Assert.True(optional.IsValid);
        Assert.Empty(optional.Cleaned);
    }

    private static readonly IReadOnlyList<ScriptElement> Survey = ScriptDefinition.Validate(
    [
        new("intro", ScriptElementKind.Text, Text: "Hello {firstName}"),
        new("interested", ScriptElementKind.YesNo, "Interested?", Required: true),
        new("colours", ScriptElementKind.MultipleChoice, "Colours", Options: ["Red", "Green"], ShowIf: new ShowIf("interested", "yes")),
        new("shade", ScriptElementKind.ShortText, "Which green?", Required: true, ShowIf: new ShowIf("colours", "Green")),
        new("reason", ScriptElementKind.ShortText, "Why not?", Required: true, ShowIf: new ShowIf("interested", "no")),
    ]);

    [Fact]
    public void A_question_hidden_by_show_if_is_not_required_and_its_answer_is_dropped()
    {
        var result = ScriptAnswers.Check(Survey, new Dictionary<string, string?> { ["interested"] = "no", ["reason"] = "Too dear", ["colours"] = "Green", ["shade"] = "Olive" }, "CZ");

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Values));
        Assert.Equal(new Dictionary<string, string> { ["interested"] = "no", ["reason"] = "Too dear" }, result.Cleaned);
        Assert.DoesNotContain("shade", result.Visible);
    }

    [Fact]
    public void Show_if_on_multiple_choice_shows_the_question_when_the_value_is_among_the_chosen()
    {
        var result = ScriptAnswers.Check(Survey, new Dictionary<string, string?> { ["interested"] = "yes", ["colours"] = "Red; Green" }, "CZ");

        Assert.Contains("shade", result.Visible);
        Assert.Equal(["shade"], result.Errors.Keys);
    }

    [Fact]
    public void An_answer_under_an_unknown_key_or_to_text_is_an_error_for_that_key()
    {
        var result = ScriptAnswers.Check(Survey, new Dictionary<string, string?> { ["interested"] = "no", ["reason"] = "x", ["intro"] = "hi", ["colour"] = "Red" }, "CZ");

        Assert.Equal(["colour", "intro"], result.Errors.Keys.Order());
        var problem = Assert.Throws<InvalidInputProblem>(() => result.ThrowIfInvalid());
        Assert.Equal(["answers.colour", "answers.intro"], problem.Errors.Keys.Order());
    }
}
