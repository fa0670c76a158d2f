namespace Outdial.Dialing.Rules;

/// <summary>What an example outcome would do to a record: the rule that applies (or the defaults), the host's actions and the record after it.</summary>
public sealed record RuleTrialResult(int? RuleIndex, string? RuleName, IReadOnlyList<RuleAction> Actions, RecordSnapshot Record);

/// <summary>
/// Runs an example outcome through a campaign's rules with the dialer's own decision code, so the
/// editor's "test a rule" shows what a live call would do.
/// </summary>
public static class RuleTrial
{
    public static RuleTrialResult Run(CampaignSettings settings, CallOutcome outcome, TimeProvider clock, string? timeZoneId = null)
    {
        var dialer = new CampaignDialer(settings, clock);
        var record = new NewRecord(new RecordId(1), E164Number.Parse("+420777000001"), timeZoneId)
        {
            Attempts = Math.Max(0, outcome.Attempts - 1),
            ContactFacts = outcome.ContactFacts,
        };
        var commands = dialer.DecideAlone(record, outcome.DialResult, outcome.Connected ? outcome.Result ?? OperatorResult.Retry : null);
        var decided = commands.OfType<OutcomeDecided>().FirstOrDefault();
        var index = decided?.Rule is null ? (int?)null : CampaignRule.FirstMatch(settings.Rules, outcome)?.Index;
        var snapshot = commands.OfType<RecordChanged>().LastOrDefault()?.Record
            ?? throw new InvalidOperationException("The dialer decided nothing for the example outcome.");
        return new RuleTrialResult(index, decided?.Rule, decided?.Actions ?? [], snapshot);
    }
}
