using Outdial.Scripts;

namespace Outdial.Tests.Scripts;

public sealed class CallScriptVersioningTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly ScriptElement[] Elements =
    [
        new("interest", ScriptElementKind.SingleChoice, "Interested?", Options: ["Yes", "No"]),
    ];

    [Fact]
    public void A_new_script_starts_at_version_1()
    {
        var (script, version) = CallScript.Create("Winter offer", "", Elements, Monday, "Jana");

        Assert.Equal((1, 1, script.Id, "Jana"), (script.CurrentVersion, version.Version, version.ScriptId, version.CreatedBy));
    }

    [Fact]
    public void Changed_elements_make_the_next_version_and_leave_the_previous_one_as_it_was()
    {
        var (script, first) = CallScript.Create("Winter offer", "", Elements, Monday, "Jana");

        var second = script.Change("Winter offer", "", [Elements[0] with { Options = ["Yes", "No", "Maybe"] }], first, Monday.AddDays(1), "Petr");

        Assert.Equal(2, second!.Version);
        Assert.Equal(2, script.CurrentVersion);
        Assert.Equal(["Yes", "No"], first.Elements[0].Options);
        Assert.Equal(["Yes", "No", "Maybe"], second.Elements[0].Options);
    }

    [Fact]
    public void Renaming_or_describing_a_script_makes_no_version()
    {
        var (script, first) = CallScript.Create("Winter offer", "", Elements, Monday, null);

        var next = script.Change("Spring offer", "Now with flowers", [Elements[0] with { Label = "  Interested?  " }], first, Monday.AddDays(1), null);

        Assert.Null(next);
        Assert.Equal((1, "Spring offer", "Now with flowers", Monday.AddDays(1)), (script.CurrentVersion, script.Name, script.Description, script.UpdatedAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_script_needs_a_name(string name)
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => CallScript.Create(name, "", Elements, Monday, null));

        Assert.Equal(["name"], problem.Errors.Keys);
    }
}
