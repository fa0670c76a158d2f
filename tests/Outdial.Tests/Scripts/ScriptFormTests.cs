using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Outdial.Components.Scripts;
using Outdial.Scripts;

namespace Outdial.Tests.Scripts;

public sealed class ScriptFormTests : BunitContext
{
    private static readonly IReadOnlyList<ScriptElement> Survey = ScriptDefinition.Validate(
    [
        new("intro", ScriptElementKind.Text, Text: "Hello {firstName} {lastName}, how are you?"),
        new("interested", ScriptElementKind.YesNo, "Interested?", Required: true),
        new("visitAt", ScriptElementKind.DateTime, "When may we visit?", ShowIf: new ShowIf("interested", "yes")),
    ]);

    public ScriptFormTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<ScriptForm> RenderForm(Dictionary<string, string?> answers, IReadOnlyDictionary<string, string>? errors = null) =>
        Render<ScriptForm>(parameters => parameters
            .Add(p => p.Elements, Survey)
            .Add(p => p.Values, new Dictionary<string, string?> { ["firstName"] = "<b>Jana</b><script>alert(1)</script>" })
            .Add(p => p.Answers, answers)
            .Add(p => p.Errors, errors));

    [Fact]
    public void A_contact_value_with_markup_is_shown_as_literal_text()
    {
        var form = RenderForm([]);

        var text = form.Find("[data-testid=script-intro]");
        Assert.Equal("Hello <b>Jana</b><script>alert(1)</script> [lastName], how are you?", text.TextContent.Trim());
        Assert.Empty(text.QuerySelectorAll("b, script"));
    }

    [Fact]
    public void A_question_appears_when_the_earlier_answer_matches_its_show_if()
    {
        var answers = new Dictionary<string, string?>();
        var form = RenderForm(answers);
        Assert.Empty(form.FindAll("[data-testid=script-element-visitAt]"));

        form.Find("input[data-testid=script-interested-0]").Click();

        Assert.Equal("yes", answers["interested"]);
        Assert.Single(form.FindAll("[data-testid=script-element-visitAt]"));
    }

    [Fact]
    public void An_error_is_shown_at_its_field()
    {
        var form = RenderForm([], new Dictionary<string, string> { ["interested"] = "Interested?: an answer is required." });

        var field = form.Find("[data-testid=script-element-interested]");
        Assert.Contains("an answer is required", field.TextContent);
    }
}
