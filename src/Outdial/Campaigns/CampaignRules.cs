using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Contacts.Filters;
using Outdial.Dialing;
using Outdial.Dialing.Rules;
using Outdial.Persistence;
using Outdial.Settings;

namespace Outdial.Campaigns;

/// <summary>An example outcome to try a campaign's rules on (the rule editor's "test").</summary>
/// <param name="Attempts">Dials so far, the example's included.</param>
/// <param name="ContactMatches">The rules (by position) whose contact condition the example contact meets.</param>
public sealed record ExampleOutcome(DialResult DialResult, string? Result, int Attempts, IReadOnlyList<int>? ContactMatches = null);

/// <summary>What the example outcome does: which rule applies and the record after it, in words too.</summary>
public sealed record RuleTrialReport(int? Rule, string? RuleName, string Summary, RecordState State, DateTimeOffset? NextAttemptAt, IReadOnlyList<string> Actions);

/// <summary>
/// Campaign rules on the host's side (docs/rules.md): checking them against the directory and the
/// result codes, trying them on an example, and the contact facts and other phones the dialer
/// needs when it loads records. The decision itself is the dialer core's.
/// </summary>
public sealed class CampaignRules(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock)
{
    /// <summary>Reads a campaign's stored rules; rules stored before they were checked and no longer valid are left out.</summary>
    public static IReadOnlyList<CampaignRule> Of(CampaignSettings settings) => RuleJson.Read(settings.Rules, new Dictionary<string, string[]>());

    /// <summary>Reads and checks rules: errors (400) for what cannot run, warnings for what will probably not do what was meant.</summary>
    public async Task<IReadOnlyList<RuleWarning>> CheckAsync(CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await CheckAsync(db, settings, cancellationToken);
    }

    /// <inheritdoc cref="CheckAsync(CampaignSettings, CancellationToken)"/>
    public static async Task<IReadOnlyList<RuleWarning>> CheckAsync(OutdialDbContext db, CampaignSettings settings, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var rules = RuleJson.Read(settings.Rules, errors);
        var contactConditions = rules.SelectMany(r => r.When.OfType<ContactCondition>()).ToList();
        if (contactConditions.Count > 0)
        {
            var parser = await ContactDirectory.FilterParserAsync(db, cancellationToken);
            foreach (var condition in contactConditions)
            {
                try
                {
                    using var filter = JsonDocument.Parse(condition.Filter);
                    parser.Parse(filter.RootElement, $"rules[{condition.Fact}].when.contact");
                }
                catch (InvalidInputProblem problem)
                {
                    foreach (var (key, messages) in problem.Errors)
                    {
                        errors[key] = messages;
                    }
                }
            }
        }

        foreach (var (set, index) in rules.SelectMany((r, i) => r.Then.OfType<SetParameter>().Select(s => (s, i))).Where(x => x.s.On == ParameterTarget.Contact && !ContactField.IsValidKey(x.s.Name)))
        {
            errors[$"rules[{index}].then"] = [$"'{set.Name}' cannot be a contact field key: start with a letter and use only letters, digits and '_' (e.g. lastResult)."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        return RuleWarnings.Find(rules, [.. settings.ResultCodes.Select(c => new KnownResult(c.Name, c.IsFinal && c.Category != ResultCategory.Callback))], settings.MaxAttempts);
    }

    /// <summary>Runs an example outcome through the campaign's rules with the dialer's own decision.</summary>
    public RuleTrialReport Try(CampaignSettings settings, TenantSettings tenant, ExampleOutcome example)
    {
        var errors = new Dictionary<string, string[]>();
        var rules = RuleJson.Read(settings.Rules, errors);
        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        OperatorResult? result = null;
        var connected = example.DialResult is DialResult.Answered || (example.DialResult is DialResult.AnsweringMachine && example.Result is not null);
        if (connected)
        {
            var code = settings.ResultCodes.FirstOrDefault(c => string.Equals(c.Name, example.Result?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputProblem("outcome.result", $"An answered call ends with one of the campaign's results: {string.Join(", ", settings.ResultCodes.Select(c => c.Name))}.");
            result = OutcomeOf(code, callbackAt: null, clock.GetUtcNow() + TimeSpan.FromMinutes(settings.RetryDelayMinutes));
        }

        if (example.Attempts < 1 || example.Attempts > settings.MaxAttempts)
        {
            throw new InvalidInputProblem("outcome.attempts", $"Count the attempts so far from 1 to the campaign's {settings.MaxAttempts}, the example's included.");
        }

        // The live campaign's own settings (calling hours, zone, retry delay), in a mode that places the example call at once.
        var core = DialerSettingsMap.ToDialer(settings, tenant, new Dictionary<Guid, string>(), seed: 0) with { Mode = DialingMode.Progressive, Rules = rules };
        var trial = RuleTrial.Run(core, new CallOutcome(connected, example.DialResult, result, example.Attempts, example.ContactMatches?.ToHashSet()), clock);
        var record = trial.Record;
        var next = record.CallbackAt ?? record.NextAttemptAt;
        var what = record.State.IsFinal()
            ? $"the record ends as {Words(record.State)}"
            : $"the contact is called again {(next is { } at ? $"at {TimeZoneInfo.ConvertTime(at, core.DefaultTimeZone):yyyy-MM-dd HH:mm} ({core.DefaultTimeZone.Id} time)" : "later")}";
        var summary = trial.RuleName is { } name ? $"Rule '{name}' applies: {what}." : $"No rule applies; by default {what}.";
        return new RuleTrialReport(trial.RuleIndex, trial.RuleName, summary, record.State, next, [.. trial.Actions.Select(Describe)]);
    }

    /// <summary>What the dialer does with a result code the operator chose.</summary>
    /// <param name="keepCallback">A callback is kept for the operator who arranged it.</param>
    public static OperatorResult OutcomeOf(ResultCode code, DateTimeOffset? callbackAt, DateTimeOffset defaultCallback, bool keepCallback = false) => code.Category switch
    {
        ResultCategory.Callback => new OperatorResult(OperatorResultKind.Callback, callbackAt ?? defaultCallback, code.Name, keepCallback),
        ResultCategory.DoNotCall => new OperatorResult(OperatorResultKind.DoNotCall, Code: code.Name),
        _ when !code.IsFinal => new OperatorResult(OperatorResultKind.Retry, Code: code.Name),
        ResultCategory.Success => new OperatorResult(OperatorResultKind.Success, Code: code.Name),
        _ => new OperatorResult(OperatorResultKind.Failed, Code: code.Name),
    };

    public static string Describe(RuleAction action) => action switch
    {
        AddToBlacklist => "put the number on the blacklist",
        DeleteContact => "delete the contact from the directory",
        SetParameter { On: ParameterTarget.Contact } set => $"set the contact's {set.Name} to '{set.Value}'",
        SetParameter set => $"set the session parameter {set.Name} to '{set.Value}'",
        _ => action.ToString(),
    };

    private static string Words(RecordState state) => state switch
    {
        RecordState.InvalidRecord => "invalid record",
        RecordState.DialFailed => "dial failed",
        RecordState.CancelledByAdmin => "cancelled by admin",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>The records of a campaign whose contact meets each rule's contact condition (a query per condition, in the database).</summary>
    public async Task<IReadOnlyDictionary<Guid, HashSet<int>>> ContactFactsAsync(Guid campaignId, IReadOnlyList<CampaignRule> rules, IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken = default)
    {
        var facts = new Dictionary<Guid, HashSet<int>>();
        var conditions = rules.SelectMany(r => r.When.OfType<ContactCondition>()).ToList();
        if (conditions.Count == 0)
        {
            return facts;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var parser = await ContactDirectory.FilterParserAsync(db, cancellationToken);
        foreach (var condition in conditions)
        {
            FilterNode node;
            try
            {
                using var filter = JsonDocument.Parse(condition.Filter);
                node = parser.Parse(filter.RootElement);
            }
            catch (InvalidInputProblem)
            {
                // A custom field deleted since the rule was saved: the condition holds for nobody.
                continue;
            }

            var records = db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId);
            if (only is not null)
            {
                records = records.Where(r => only.Contains(r.Id));
            }

            var matching = db.Contacts.AsNoTracking().Where(ContactFilterExpressions.ToPredicate(node, db.ContactRows));
            await foreach (var id in records.Join(matching, r => r.ContactId, c => c.Id, (r, _) => r.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                (facts.TryGetValue(id, out var set) ? set : facts[id] = []).Add(condition.Fact);
            }
        }

        return facts;
    }

    /// <summary>The phones of the campaign's contacts under the labels the rules call again on (lower-case label → E.164).</summary>
    public async Task<IReadOnlyDictionary<Guid, Dictionary<string, E164Number>>> OtherPhonesAsync(Guid campaignId, IReadOnlyList<CampaignRule> rules, IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken = default)
    {
        var labels = rules.SelectMany(r => r.Then.OfType<CallAgain>()).Select(c => c.Phone?.ToLowerInvariant()).OfType<string>().Distinct().ToList();
        var phones = new Dictionary<Guid, Dictionary<string, E164Number>>();
        if (labels.Count == 0)
        {
            return phones;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var records = db.CampaignRecords.AsNoTracking().Where(r => r.CampaignId == campaignId);
        if (only is not null)
        {
            records = records.Where(r => only.Contains(r.Id));
        }

        var rows = records.Join(db.ContactPhones.AsNoTracking().Where(p => p.E164 != null && labels.Contains(p.Label.ToLower())), r => r.ContactId, p => p.ContactId, (r, p) => new { r.Id, p.Label, p.E164 });
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var byLabel = phones.TryGetValue(row.Id, out var found) ? found : phones[row.Id] = new Dictionary<string, E164Number>();
            byLabel.TryAdd(row.Label.ToLowerInvariant(), E164Number.Parse(row.E164!));
        }

        return phones;
    }
}
