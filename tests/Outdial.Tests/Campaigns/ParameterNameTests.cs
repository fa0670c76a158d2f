using Outdial.Dialing.Rules;
using Outdial.Sessions;

namespace Outdial.Tests.Campaigns;

/// <summary>A rule may set a session parameter only under a name the Sessions section accepts: the two checks agree.</summary>
public sealed class ParameterNameTests
{
    [Theory]
    [InlineData("interested", true)]
    [InlineData("last.result-2_b", true)]
    [InlineData("X", true)]
    [InlineData("1st", false)]
    [InlineData("_hidden", false)]
    [InlineData("with space", false)]
    [InlineData("čeština", false)]
    [InlineData("", false)]
    public void Rules_and_session_parameters_accept_the_same_names(string name, bool valid)
    {
        Assert.Equal(valid, RuleJson.IsParameterName(name));
        Assert.Equal(valid, SessionParameter.IsValidName(name));
    }

    [Fact]
    public void Both_allow_the_same_longest_name()
    {
        Assert.Equal(SessionParameter.MaxNameLength, RuleJson.MaxParameterNameLength);
        var longest = "a" + new string('b', SessionParameter.MaxNameLength - 1);
        Assert.True(RuleJson.IsParameterName(longest) && SessionParameter.IsValidName(longest));
        Assert.False(RuleJson.IsParameterName(longest + "c") || SessionParameter.IsValidName(longest + "c"));
    }
}
