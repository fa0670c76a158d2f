using Outdial.Scripts;

namespace Outdial.Tests.Scripts;

public sealed class ScriptTextTests
{
    [Fact]
    public void Placeholders_are_replaced_by_the_contacts_values()
    {
        var segments = ScriptText.Render("Hello {firstName} from {custom:city}!", new Dictionary<string, string?> { ["firstName"] = "Jana", ["custom:city"] = "Brno" });

        Assert.Equal("Hello Jana from Brno!", string.Concat(segments.Select(s => s.Text)));
        Assert.Equal([false, true, false, true, false], segments.Select(s => s.IsPlaceholder));
    }

    [Fact]
    public void A_missing_value_shows_the_placeholder_name_in_brackets()
    {
        var segments = ScriptText.Render("Hello {firstName} {lastName}", new Dictionary<string, string?> { ["lastName"] = " " });

        Assert.Equal("Hello [firstName] [lastName]", string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(2, segments.Count(s => s.IsMissing));
    }

    [Fact]
    public void Braces_that_are_not_placeholders_stay_as_written()
    {
        var segments = ScriptText.Render("Say {nothing} or {}", new Dictionary<string, string?>());

        Assert.Equal("Say {nothing} or {}", string.Concat(segments.Select(s => s.Text)));
        Assert.DoesNotContain(segments, s => s.IsPlaceholder);
    }
}
