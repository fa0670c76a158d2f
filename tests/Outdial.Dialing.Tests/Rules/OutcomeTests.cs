using Outdial.Dialing.Rules;

namespace Outdial.Dialing.Tests.Rules;

/// <summary>Where an attempt leaves its record: the defaults, and rules evaluated by the dialer itself (docs/rules.md).</summary>
public sealed class OutcomeTests
{
    private static readonly E164Number WorkPhone = E164Number.Parse("+420222333444");

    /// <summary>How the one call of a scenario ends: a failed dial, or a connected call closed with a result.</summary>
    public sealed record Ending(CallFailure? Failure = null, OperatorResult? Result = null)
    {
        public override string ToString() => Failure?.ToString() ?? $"answered, {Result!.Code ?? Result.Kind.ToString()}";
    }

    private static Ending Failed(CallFailure failure) => new(Failure: failure);

    private static Ending Answered(OperatorResultKind kind, string? code = null, DateTimeOffset? callbackAt = null) => new(Result: new OperatorResult(kind, callbackAt, code ?? kind.ToString()));

    private static (DialerHarness Harness, IReadOnlyList<DialerCommand> Commands) Run(Ending ending, string rules = "[]", int maxAttempts = 3, NewRecord? record = null, CallingWindow? window = null)
    {
        var settings = DialerHarness.Settings(DialingMode.Progressive) with
        {
            MaxAttempts = maxAttempts,
            RetryDelay = TimeSpan.FromHours(1),
            Rules = RuleJson.ReadValid(rules),
            CallingWindow = window,
        };
        var harness = new DialerHarness(settings);
        harness.Send(new RecordsAdded([record ?? DialerHarness.Record(1)]));
        var commands = Attempt(harness, ending);
        return (harness, commands);
    }

    /// <summary>Lets operator 1 take the next call and ends it as <paramref name="ending"/> says.</summary>
    private static IReadOnlyList<DialerCommand> Attempt(DialerHarness harness, Ending ending)
    {
        var dial = harness.Online(1).Concat(harness.AdvanceSeconds(1)).Single<Originate>();
        if (ending.Failure is { } failure)
        {
            return harness.Send(new CallFailed(dial.Call, failure));
        }

        var session = harness.Send(new CallAnswered(dial.Call, AnsweredBy.Live)).Single<ConnectCall>().Session;
        harness.Send(new CallEnded(dial.Call));
        return harness.Send(new SessionCompleted(session, ending.Result!));
    }

    public static TheoryData<Ending, RecordState, double?> Defaults => new()
    {
        { Failed(CallFailure.NoAnswer), RecordState.RetryScheduled, 60 },
        { Failed(CallFailure.Busy), RecordState.RetryScheduled, 60 },
        { Failed(CallFailure.Rejected), RecordState.RetryScheduled, 60 },
        { Failed(CallFailure.Unreachable), RecordState.RetryScheduled, 60 },
        { Failed(CallFailure.NetworkError), RecordState.RetryScheduled, 60 },
        { Failed(CallFailure.InvalidNumber), RecordState.InvalidRecord, null },
        { Answered(OperatorResultKind.Success), RecordState.Success, null },
        { Answered(OperatorResultKind.Failed), RecordState.Failed, null },
        { Answered(OperatorResultKind.Retry), RecordState.RetryScheduled, 60 },
        { Answered(OperatorResultKind.Callback, callbackAt: DialerHarness.Monday9am.AddHours(5)), RecordState.RetryScheduled, 300 },
        { Answered(OperatorResultKind.DoNotCall), RecordState.Blacklisted, null },
    };

    [Theory, MemberData(nameof(Defaults))]
    public void Without_rules_the_outcome_defaults_decide(Ending ending, RecordState state, double? minutesUntilNextAttempt)
    {
        var (harness, _) = Run(ending);

        var record = harness.RecordOf(1);
        Assert.Equal(state, record.State);
        Assert.Equal(minutesUntilNextAttempt, (record.CallbackAt ?? record.NextAttemptAt)?.Subtract(DialerHarness.Monday9am).TotalMinutes is { } m ? Math.Round(m) : null);
    }

    [Theory]
    [InlineData(CallFailure.NoAnswer, RecordState.Failed)]
    [InlineData(CallFailure.Busy, RecordState.Failed)]
    [InlineData(CallFailure.NetworkError, RecordState.DialFailed)]
    public void When_attempts_run_out_a_failed_dial_ends_the_record(CallFailure failure, RecordState state)
    {
        var (harness, _) = Run(Failed(failure), maxAttempts: 1);

        Assert.Equal(state, harness.RecordOf(1).State);
    }

    [Fact]
    public void A_do_not_call_result_asks_the_host_to_blacklist_the_number()
    {
        var (_, commands) = Run(Answered(OperatorResultKind.DoNotCall));

        var decided = commands.Single<OutcomeDecided>();
        Assert.Null(decided.Rule);
        Assert.Equal([AddToBlacklist.Instance], decided.Actions);
    }

    public static TheoryData<string, Ending, RecordState, double?> RuleCases => new()
    {
        // A dial result condition: only busy calls are retried sooner.
        { """[{"when":{"dialResults":["busy"]},"then":[{"action":"callAgain","afterMinutes":10}]}]""", Failed(CallFailure.Busy), RecordState.RetryScheduled, 10 },
        { """[{"when":{"dialResults":["busy"]},"then":[{"action":"callAgain","afterMinutes":10}]}]""", Failed(CallFailure.NoAnswer), RecordState.RetryScheduled, 60 },
        // Connected or not.
        { """[{"when":{"connected":false},"then":[{"action":"finish","outcome":"failed"}]}]""", Failed(CallFailure.Unreachable), RecordState.Failed, null },
        { """[{"when":{"connected":false},"then":[{"action":"finish","outcome":"failed"}]}]""", Answered(OperatorResultKind.Retry), RecordState.RetryScheduled, 60 },
        // The operator's result code, case-insensitive; a time of day in the contact's zone (UTC here).
        { """[{"when":{"results":["not NOW"]},"then":[{"action":"callAgain","at":"18:00"}]}]""", Answered(OperatorResultKind.Retry, "Not now"), RecordState.RetryScheduled, 540 },
        { """[{"when":{"results":["Not now"]},"then":[{"action":"callAgain","at":"08:00"}]}]""", Answered(OperatorResultKind.Retry, "Not now"), RecordState.RetryScheduled, 23 * 60 },
        // Finishing a record as a success overrides a result that would retry.
        { """[{"when":{"connected":true},"then":[{"action":"finish","outcome":"success"}]}]""", Answered(OperatorResultKind.Retry), RecordState.Success, null },
        { """[{"then":[{"action":"removeFromCampaign"}]}]""", Failed(CallFailure.Busy), RecordState.Removed, null },
        { """[{"then":[{"action":"deleteContact"}]}]""", Failed(CallFailure.Busy), RecordState.Removed, null },
        { """[{"then":[{"action":"blacklist"}]}]""", Answered(OperatorResultKind.Success), RecordState.Blacklisted, null },
        // Attempts so far (this one included).
        { """[{"when":{"attempts":{"op":">=","value":2}},"then":[{"action":"removeFromCampaign"}]}]""", Failed(CallFailure.Busy), RecordState.RetryScheduled, 60 },
        { """[{"when":{"attempts":{"op":"eq","value":1}},"then":[{"action":"removeFromCampaign"}]}]""", Failed(CallFailure.Busy), RecordState.Removed, null },
        // The first rule that holds decides; later ones are not looked at.
        { """[{"when":{"dialResults":["busy"]},"then":[{"action":"callAgain","afterMinutes":5}]},{"then":[{"action":"removeFromCampaign"}]}]""", Failed(CallFailure.Busy), RecordState.RetryScheduled, 5 },
        { """[{"when":{"dialResults":["busy"]},"then":[{"action":"callAgain","afterMinutes":5}]},{"then":[{"action":"removeFromCampaign"}]}]""", Failed(CallFailure.NoAnswer), RecordState.Removed, null },
        // A rule that only sets a parameter leaves the record to the defaults.
        { """[{"then":[{"action":"setParameter","on":"session","name":"reason","value":"busy"}]}]""", Failed(CallFailure.Busy), RecordState.RetryScheduled, 60 },
    };

    [Theory, MemberData(nameof(RuleCases))]
    public void The_first_rule_that_holds_decides_the_record(string rules, Ending ending, RecordState state, double? minutesUntilNextAttempt)
    {
        var (harness, _) = Run(ending, rules);

        var record = harness.RecordOf(1);
        Assert.Equal(state, record.State);
        Assert.Equal(minutesUntilNextAttempt, record.NextAttemptAt?.Subtract(DialerHarness.Monday9am).TotalMinutes is { } m ? Math.Round(m) : null);
    }

    [Fact]
    public void A_second_matching_attempt_applies_an_attempts_rule()
    {
        var (harness, _) = Run(Failed(CallFailure.Busy), """[{"when":{"attempts":{"op":"gte","value":2}},"then":[{"action":"removeFromCampaign"}]}]""");

        harness.Advance(TimeSpan.FromHours(1));
        var dial = harness.All.Of<Originate>().Last();
        harness.Send(new CallFailed(dial.Call, CallFailure.Busy));

        Assert.Equal(2, harness.All.Of<Originate>().Count);
        Assert.Equal(RecordState.Removed, harness.RecordOf(1).State);
    }

    [Fact]
    public void A_call_again_rule_never_exceeds_the_maximum_attempts()
    {
        var (harness, _) = Run(Failed(CallFailure.Busy), """[{"then":[{"action":"callAgain","afterMinutes":1}]}]""", maxAttempts: 1);

        Assert.Equal(RecordState.Failed, harness.RecordOf(1).State);
    }

    [Fact]
    public void Next_window_calls_again_when_the_calling_hours_next_open()
    {
        var (harness, _) = Run(Failed(CallFailure.NoAnswer), """[{"then":[{"action":"callAgain","nextWindow":true}]}]""", window: CallingWindow.UsDefault);

        // Monday 9:00 is inside 8:00–21:00: the next opening is Tuesday 8:00.
        Assert.Equal(DialerHarness.Monday9am.AddHours(23), harness.RecordOf(1).NextAttemptAt);
    }

    [Fact]
    public void Call_again_on_another_phone_dials_that_phone_next_time()
    {
        var record = DialerHarness.Record(1) with { Phones = new Dictionary<string, E164Number> { ["work"] = WorkPhone } };
        var (harness, _) = Run(Failed(CallFailure.NoAnswer), """[{"then":[{"action":"callAgain","afterMinutes":1,"phone":"Work"}]}]""", record: record);

        harness.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(WorkPhone, harness.All.Of<Originate>().Last().To);
        Assert.Equal(WorkPhone, harness.RecordOf(1).Phone);
    }

    [Fact]
    public void Call_again_on_a_phone_the_contact_lacks_dials_the_same_number()
    {
        var (harness, _) = Run(Failed(CallFailure.NoAnswer), """[{"then":[{"action":"callAgain","afterMinutes":1,"phone":"work"}]}]""");

        harness.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(DialerHarness.Record(1).Phone, harness.All.Of<Originate>().Last().To);
    }

    [Theory]
    [InlineData(true, RecordState.Removed)]
    [InlineData(false, RecordState.RetryScheduled)]
    public void A_contact_condition_holds_when_the_host_says_the_contact_matches(bool matches, RecordState state)
    {
        var record = DialerHarness.Record(1) with { ContactFacts = matches ? new HashSet<int> { 0 } : null };

        var (harness, _) = Run(Failed(CallFailure.Busy), """[{"when":{"contact":{"field":"company","op":"isEmpty"}},"then":[{"action":"removeFromCampaign"}]}]""", record: record);

        Assert.Equal(state, harness.RecordOf(1).State);
    }

    [Fact]
    public void The_host_is_told_which_rule_applied_and_what_to_do()
    {
        var (_, commands) = Run(Failed(CallFailure.Busy), """[{"name":"Busy people","when":{"dialResults":["busy"]},"then":[{"action":"setParameter","on":"contact","name":"lastBusy","value":"yes"},{"action":"deleteContact"}]}]""");

        var decided = commands.Single<OutcomeDecided>();
        Assert.Equal("Busy people", decided.Rule);
        Assert.Equal([new SetParameter(ParameterTarget.Contact, "lastBusy", "yes"), DeleteContact.Instance], decided.Actions);
        Assert.NotNull(decided.Call);

        // The host learns of the decision before it persists the record it leads to.
        Assert.True(commands.ToList().IndexOf(decided) < commands.ToList().FindLastIndex(c => c is RecordChanged));
    }

    [Fact]
    public void Rules_that_change_while_running_apply_to_the_next_outcome()
    {
        var (harness, _) = Run(Failed(CallFailure.Busy));
        harness.Send(new SettingsChanged(harness.Dialer.Settings with { Rules = RuleJson.ReadValid("""[{"then":[{"action":"removeFromCampaign"}]}]""") }));

        harness.Advance(TimeSpan.FromHours(1));
        harness.Send(new CallFailed(harness.All.Of<Originate>().Last().Call, CallFailure.Busy));

        Assert.Equal(RecordState.Removed, harness.RecordOf(1).State);
    }

    [Fact]
    public void New_contact_facts_apply_to_the_next_outcome()
    {
        var settings = DialerHarness.Settings(DialingMode.Progressive) with
        {
            Rules = RuleJson.ReadValid("""[{"when":{"contact":{"field":"company","op":"isEmpty"}},"then":[{"action":"callAgain","afterMinutes":1,"phone":"work"}]}]"""),
        };
        var harness = new DialerHarness(settings);
        harness.Send(new RecordsAdded([DialerHarness.Record(1)]));

        harness.Send(new ContactFactsChanged(
            new Dictionary<RecordId, IReadOnlySet<int>> { [new RecordId(1)] = new HashSet<int> { 0 } },
            new Dictionary<RecordId, IReadOnlyDictionary<string, E164Number>> { [new RecordId(1)] = new Dictionary<string, E164Number> { ["work"] = WorkPhone } }));
        Attempt(harness, Failed(CallFailure.Busy));

        Assert.Equal(WorkPhone, harness.RecordOf(1).Phone);
        Assert.Equal(1, Math.Round((harness.RecordOf(1).NextAttemptAt!.Value - DialerHarness.Monday9am).TotalMinutes));
    }
}
