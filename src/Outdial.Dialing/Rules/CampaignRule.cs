namespace Outdial.Dialing.Rules;

/// <summary>
/// How an attempt ended, as the rules see it (docs/rules.md): decided at once for a failed dial,
/// and when the operator completes the session for a connected call.
/// </summary>
/// <param name="Attempts">Dials so far, this one included.</param>
/// <param name="Result">The operator's result; <c>null</c> when no operator result applies.</param>
/// <param name="ContactFacts">The numbers of the rules whose contact condition holds for the contact.</param>
public sealed record CallOutcome(bool Connected, DialResult DialResult, OperatorResult? Result, int Attempts, IReadOnlySet<int>? ContactFacts = null);

/// <summary>One condition of a rule; a rule applies when all of its conditions hold.</summary>
public abstract record RuleCondition
{
    public abstract bool Holds(CallOutcome outcome);
}

public sealed record ConnectedCondition(bool Connected) : RuleCondition
{
    public override bool Holds(CallOutcome outcome) => outcome.Connected == Connected;
}

public sealed record DialResultCondition(IReadOnlySet<DialResult> Results) : RuleCondition
{
    public override bool Holds(CallOutcome outcome) => Results.Contains(outcome.DialResult);
}

/// <summary>The operator chose one of these result codes (names compared case-insensitively).</summary>
public sealed record ResultCodeCondition(IReadOnlySet<string> Names) : RuleCondition
{
    public override bool Holds(CallOutcome outcome) => outcome.Result?.Code is { } code && Names.Contains(code);
}

public enum Comparison
{
    Eq,
    Lt,
    Lte,
    Gt,
    Gte,
}

public sealed record AttemptsCondition(Comparison Op, int Value) : RuleCondition
{
    public override bool Holds(CallOutcome outcome) => Compare(outcome.Attempts);

    public bool Compare(int attempts) => Op switch
    {
        Comparison.Eq => attempts == Value,
        Comparison.Lt => attempts < Value,
        Comparison.Lte => attempts <= Value,
        Comparison.Gt => attempts > Value,
        _ => attempts >= Value,
    };
}

/// <summary>
/// A condition on the contact's fields. The core holds no contact data: the host evaluates the
/// condition in the directory and passes the result as a fact numbered like the rule.
/// </summary>
/// <param name="Fact">The rule's position in the list: the fact that says the condition holds.</param>
/// <param name="Filter">The condition as contact-filter JSON, for the host.</param>
public sealed record ContactCondition(int Fact, string Filter) : RuleCondition
{
    public override bool Holds(CallOutcome outcome) => outcome.ContactFacts?.Contains(Fact) == true;
}

/// <summary>One action of a rule.</summary>
public abstract record RuleAction
{
    /// <summary>Whether the action decides where the record goes (a rule has at most one such action).</summary>
    public virtual bool DecidesRecord => true;
}

/// <summary>Call again: after a delay, at a time of day in the contact's zone, or at the next opening of the calling hours.</summary>
/// <param name="Phone">The label of another of the contact's phones to dial next time.</param>
public sealed record CallAgain(TimeSpan? After, TimeOnly? At, bool NextWindow, string? Phone) : RuleAction;

public sealed record RemoveFromCampaign : RuleAction
{
    public static RemoveFromCampaign Instance { get; } = new();
}

/// <summary>Deletes the contact from the directory (the host does); the record is removed.</summary>
public sealed record DeleteContact : RuleAction
{
    public static DeleteContact Instance { get; } = new();
}

/// <summary>Puts the record's number on the blacklist (the host does); the record becomes blacklisted.</summary>
public sealed record AddToBlacklist : RuleAction
{
    public static AddToBlacklist Instance { get; } = new();
}

public enum RecordOutcome
{
    Success,
    Failed,
}

public sealed record FinishRecord(RecordOutcome Outcome) : RuleAction;

public enum ParameterTarget
{
    /// <summary>A custom field of the contact (created as text when missing).</summary>
    Contact,

    /// <summary>A parameter of the session (the attempt), next to the script's answers.</summary>
    Session,
}

public sealed record SetParameter(ParameterTarget On, string Name, string Value) : RuleAction
{
    public override bool DecidesRecord => false;
}

/// <summary>A campaign rule: when every condition holds, its actions apply (docs/rules.md).</summary>
public sealed record CampaignRule(string Name, IReadOnlyList<RuleCondition> When, IReadOnlyList<RuleAction> Then)
{
    public bool Holds(CallOutcome outcome)
    {
        foreach (var condition in When)
        {
            if (!condition.Holds(outcome))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The action that decides the record, or <c>null</c> when the rule leaves that to the defaults.</summary>
    public RuleAction? Disposition => Then.FirstOrDefault(a => a.DecidesRecord);

    /// <summary>The first rule whose conditions hold, with its position; <c>null</c> when none does.</summary>
    public static (int Index, CampaignRule Rule)? FirstMatch(IReadOnlyList<CampaignRule> rules, CallOutcome outcome)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Holds(outcome))
            {
                return (i, rules[i]);
            }
        }

        return null;
    }
}
