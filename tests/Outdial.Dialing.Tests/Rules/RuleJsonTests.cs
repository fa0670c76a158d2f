using Outdial.Dialing.Rules;

namespace Outdial.Dialing.Tests.Rules;

public sealed class RuleJsonTests
{
    private static Dictionary<string, string[]> ErrorsOf(string json)
    {
        var errors = new Dictionary<string, string[]>();
        RuleJson.Read(json, errors);
        return errors;
    }

    [Theory]
    [InlineData("{}", "rules")]
    [InlineData("not json", "rules")]
    [InlineData("[3]", "rules[0]")]
    [InlineData("""[{"when":{}}]""", "rules[0].then")]
    [InlineData("""[{"then":[]}]""", "rules[0].then")]
    [InlineData("""[{"then":[{"action":"dance"}]}]""", "rules[0].then[0].action")]
    [InlineData("""[{"when":{"dialResults":["engaged"]},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.dialResults")]
    [InlineData("""[{"when":{"dialResults":[]},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.dialResults")]
    [InlineData("""[{"when":{"connected":"yes"},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.connected")]
    [InlineData("""[{"when":{"attempts":{"op":"about","value":2}},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.attempts")]
    [InlineData("""[{"when":{"weather":"rain"},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.weather")]
    [InlineData("""[{"when":{"contact":"vip"},"then":[{"action":"removeFromCampaign"}]}]""", "rules[0].when.contact")]
    [InlineData("""[{"then":[{"action":"callAgain"}]}]""", "rules[0].then[0]")]
    [InlineData("""[{"then":[{"action":"callAgain","afterMinutes":5,"at":"09:00"}]}]""", "rules[0].then[0]")]
    [InlineData("""[{"then":[{"action":"callAgain","afterMinutes":-5}]}]""", "rules[0].then[0].afterMinutes")]
    [InlineData("""[{"then":[{"action":"callAgain","afterMinutes":1e20}]}]""", "rules[0].then[0].afterMinutes")]
    [InlineData("""[{"then":[{"action":"callAgain","at":"25:00"}]}]""", "rules[0].then[0].at")]
    [InlineData("""[{"then":[{"action":"finish","outcome":"great"}]}]""", "rules[0].then[0].outcome")]
    [InlineData("""[{"then":[{"action":"setParameter","on":"campaign","name":"x","value":"y"}]}]""", "rules[0].then[0].on")]
    [InlineData("""[{"then":[{"action":"setParameter","on":"session","name":"1st","value":"y"}]}]""", "rules[0].then[0].name")]
    [InlineData("""[{"then":[{"action":"removeFromCampaign"},{"action":"blacklist"}]}]""", "rules[0].then")]
    [InlineData("""[{"name":"","then":[{"action":"removeFromCampaign"}]}]""", "rules[0].name")]
    [InlineData("""[{"then":[{"action":"removeFromCampaign"}]},{"then":[{"action":"finish"}]}]""", "rules[1].then[0].outcome")]
    public void A_faulty_rule_is_reported_at_its_path(string json, string path)
    {
        var errors = ErrorsOf(json);

        Assert.Contains(path, errors.Keys);
        Assert.All(errors.Values, messages => Assert.False(string.IsNullOrWhiteSpace(messages[0])));
    }

    [Fact]
    public void Every_kind_of_condition_and_action_reads_into_the_rule_model()
    {
        const string json = """
            [
              {"name":"Busy","when":{"connected":false,"dialResults":["busy","noAnswer"],"attempts":{"op":"lt","value":5}},"then":[{"action":"callAgain","afterMinutes":15,"phone":"work"}]},
              {"name":"Evening","when":{"results":["Call later"]},"then":[{"action":"callAgain","at":"18:30"},{"action":"setParameter","on":"session","name":"moved","value":"yes"}]},
              {"name":"Window","then":[{"action":"callAgain","nextWindow":true}]},
              {"name":"VIP","when":{"contact":{"field":"custom:vip","op":"eq","value":"yes"}},"then":[{"action":"finish","outcome":"success"}]},
              {"name":"Gone","then":[{"action":"deleteContact"}]},
              {"name":"Stop","then":[{"action":"blacklist"},{"action":"setParameter","on":"contact","name":"dnc","value":"1"}]},
              {"name":"Out","then":[{"action":"removeFromCampaign"}]}
            ]
            """;
        var errors = new Dictionary<string, string[]>();

        var rules = RuleJson.Read(json, errors);

        Assert.Empty(errors);
        Assert.Equal(["Busy", "Evening", "Window", "VIP", "Gone", "Stop", "Out"], rules.Select(r => r.Name));
        Assert.Equal(
            [new ConnectedCondition(false), new AttemptsCondition(Comparison.Lt, 5)],
            rules[0].When.Where(c => c is not DialResultCondition));
        Assert.Equal([DialResult.NoAnswer, DialResult.Busy], Assert.IsType<DialResultCondition>(rules[0].When[1]).Results.Order());
        Assert.Equal(new SetParameter(ParameterTarget.Session, "moved", "yes"), rules[1].Then[1]);
        Assert.Equal(new CallAgain(null, null, true, null), rules[2].Disposition);
        Assert.Equal(new FinishRecord(RecordOutcome.Success), rules[3].Disposition);
        Assert.Equal(DeleteContact.Instance, rules[4].Disposition);
        Assert.Equal([AddToBlacklist.Instance, new SetParameter(ParameterTarget.Contact, "dnc", "1")], rules[5].Then);
        Assert.Equal(RemoveFromCampaign.Instance, rules[6].Disposition);
        Assert.Equal(new CallAgain(TimeSpan.FromMinutes(15), null, false, "work"), rules[0].Disposition);
        Assert.Equal(new CallAgain(null, new TimeOnly(18, 30), false, null), rules[1].Disposition);
        Assert.Equal(new ContactCondition(3, """{"field":"custom:vip","op":"eq","value":"yes"}"""), Assert.Single(rules[3].When));
    }

    [Fact]
    public void An_unnamed_rule_is_named_by_its_position()
    {
        var rules = RuleJson.ReadValid("""[{"then":[{"action":"removeFromCampaign"}]},{"then":[{"action":"blacklist"}]}]""");

        Assert.Equal(["Rule 1", "Rule 2"], rules.Select(r => r.Name));
    }
}

public sealed class RuleWarningsTests
{
    private static readonly KnownResult[] Results = [new("Sale", IsFinal: true), new("Call back", IsFinal: false)];

    [Theory]
    [InlineData("""[{"when":{"results":["Salee"]},"then":[{"action":"removeFromCampaign"}]}]""", "no result called 'Salee'")]
    [InlineData("""[{"when":{"connected":false,"results":["Sale"]},"then":[{"action":"removeFromCampaign"}]}]""", "not connected")]
    [InlineData("""[{"when":{"dialResults":["busy"],"results":["Sale"]},"then":[{"action":"removeFromCampaign"}]}]""", "all failures")]
    [InlineData("""[{"when":{"connected":true,"dialResults":["busy"]},"then":[{"action":"removeFromCampaign"}]}]""", "all failures")]
    [InlineData("""[{"when":{"attempts":{"op":"gt","value":3}},"then":[{"action":"removeFromCampaign"}]}]""", "no attempt can satisfy")]
    [InlineData("""[{"when":{"attempts":{"op":"lt","value":1}},"then":[{"action":"removeFromCampaign"}]}]""", "no attempt can satisfy")]
    [InlineData("""[{"then":[{"action":"removeFromCampaign"}]},{"then":[{"action":"blacklist"}]}]""", "never reached")]
    [InlineData("""[{"when":{"results":["Sale"]},"then":[{"action":"callAgain","afterMinutes":5}]}]""", "final")]
    public void A_rule_that_cannot_match_or_contradicts_the_results_is_warned_about(string json, string warning)
    {
        var warnings = RuleWarnings.Find(RuleJson.ReadValid(json), Results, maxAttempts: 3);

        Assert.Contains(warnings, w => w.Message.Contains(warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""[{"when":{"results":["sale"]},"then":[{"action":"finish","outcome":"success"}]}]""")]
    [InlineData("""[{"when":{"connected":false,"dialResults":["busy"],"attempts":{"op":"gte","value":3}},"then":[{"action":"removeFromCampaign"}]}]""")]
    [InlineData("""[{"when":{"results":["Call back"]},"then":[{"action":"callAgain","at":"09:00"}]},{"then":[{"action":"setParameter","on":"session","name":"x","value":"y"}]}]""")]
    public void A_sound_rule_gets_no_warning(string json)
    {
        Assert.Empty(RuleWarnings.Find(RuleJson.ReadValid(json), Results, maxAttempts: 3));
    }
}
