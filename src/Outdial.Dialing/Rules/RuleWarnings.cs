namespace Outdial.Dialing.Rules;

/// <summary>A result code as the rule checks need it: its name and whether it ends the record.</summary>
public sealed record KnownResult(string Name, bool IsFinal);

/// <summary>A rule that is saved but will probably not do what its author meant.</summary>
public sealed record RuleWarning(int Rule, string Message);

/// <summary>
/// Finds rules that can never match or that contradict the campaign's result codes (docs/rules.md).
/// They are warnings, not errors: a supervisor may save a rule before adding the result it names.
/// </summary>
public static class RuleWarnings
{
    private static readonly HashSet<DialResult> ConnectedResults = [DialResult.Answered, DialResult.AnsweringMachine];

    public static IReadOnlyList<RuleWarning> Find(IReadOnlyList<CampaignRule> rules, IReadOnlyList<KnownResult> results, int maxAttempts)
    {
        var warnings = new List<RuleWarning>();
        var known = results.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            void Warn(string message) => warnings.Add(new RuleWarning(i, $"{rules[i].Name}: {message}"));
            var rule = rules[i];
            var connected = rule.When.OfType<ConnectedCondition>().FirstOrDefault()?.Connected;
            var dialResults = rule.When.OfType<DialResultCondition>().FirstOrDefault()?.Results;
            var codes = rule.When.OfType<ResultCodeCondition>().FirstOrDefault()?.Names;

            if (codes is not null)
            {
                foreach (var unknown in codes.Where(c => !known.ContainsKey(c)))
                {
                    Warn($"the campaign has no result called '{unknown}', so this part never matches.");
                }

                if (connected == false)
                {
                    Warn("a result code is only chosen after a connected call, but the rule asks for a call that was not connected: it never matches.");
                }

                if (dialResults is not null && !dialResults.Overlaps(ConnectedResults))
                {
                    Warn("a result code is only chosen after an answered call, but the dial results listed are all failures: it never matches.");
                }

                if (rule.Disposition is CallAgain && codes.All(c => known.TryGetValue(c, out var r) && r.IsFinal))
                {
                    Warn("it calls again after results that are final; the record would be called although the result says it is done.");
                }
            }

            if (connected == true && dialResults is not null && !dialResults.Overlaps(ConnectedResults))
            {
                Warn("a connected call was answered, but the dial results listed are all failures: it never matches.");
            }

            foreach (var attempts in rule.When.OfType<AttemptsCondition>())
            {
                if (!Enumerable.Range(1, maxAttempts).Any(attempts.Compare))
                {
                    Warn($"no attempt can satisfy 'attempts {attempts.Op.ToString().ToLowerInvariant()} {attempts.Value}' with at most {maxAttempts} attempts: it never matches.");
                }
            }

            if (rule.When.Count == 0 && i < rules.Count - 1)
            {
                warnings.Add(new RuleWarning(i + 1, $"{rules[i + 1].Name} and the rules after it are never reached: '{rule.Name}' has no conditions and applies to every call."));
            }
        }

        return warnings;
    }
}
