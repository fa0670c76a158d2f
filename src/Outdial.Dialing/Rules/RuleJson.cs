using System.Globalization;
using System.Text.Json;

namespace Outdial.Dialing.Rules;

/// <summary>
/// Reads campaign rules in their JSON form (docs/rules.md), the same for the API, the editor and
/// the stored campaign. Reading collects every problem, keyed by its path
/// (<c>rules[2].then[0].afterMinutes</c>), instead of stopping at the first.
/// </summary>
public static class RuleJson
{
    public const int MaxNameLength = 100;
    public const int MaxParameterNameLength = 100;
    public const int MaxParameterValueLength = 4000;

    /// <summary>The longest delay a rule may set before calling again (the retry delay's limit too).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);

    private static readonly Dictionary<string, Comparison> Comparisons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = Comparison.Eq, ["="] = Comparison.Eq, ["=="] = Comparison.Eq,
        ["lt"] = Comparison.Lt, ["<"] = Comparison.Lt,
        ["lte"] = Comparison.Lte, ["<="] = Comparison.Lte, ["≤"] = Comparison.Lte,
        ["gt"] = Comparison.Gt, [">"] = Comparison.Gt,
        ["gte"] = Comparison.Gte, [">="] = Comparison.Gte, ["≥"] = Comparison.Gte,
    };

    /// <summary>Reads a JSON array of rules; <paramref name="errors"/> gets a message per faulty path.</summary>
    public static IReadOnlyList<CampaignRule> Read(string json, IDictionary<string, string[]> errors)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, errors);
        }
        catch (JsonException)
        {
            errors["rules"] = ["The rules are not valid JSON; give a JSON array of rule objects."];
            return [];
        }
    }

    /// <summary>Reads rules that are known to be valid (stored after validation); throws when they are not.</summary>
    public static IReadOnlyList<CampaignRule> ReadValid(string json)
    {
        var errors = new Dictionary<string, string[]>();
        var rules = Read(json, errors);
        return errors.Count == 0 ? rules : throw new FormatException($"Invalid campaign rules: {string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
    }

    public static IReadOnlyList<CampaignRule> Read(JsonElement root, IDictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            errors["rules"] = ["Give the rules as a JSON array of rule objects, in the order they apply."];
            return [];
        }

        var rules = new List<CampaignRule>();
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var reader = new Reader($"rules[{index}]", errors);
            if (reader.ReadRule(element, index) is { } rule)
            {
                rules.Add(rule);
            }

            index++;
        }

        return rules;
    }

    private sealed class Reader(string path, IDictionary<string, string[]> errors)
    {
        private void Fail(string at, string message) => errors[$"{path}.{at}"] = [message];

        public CampaignRule? ReadRule(JsonElement element, int index)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors[path] = ["Each rule is a JSON object with a name, conditions (\"when\") and actions (\"then\")."];
                return null;
            }

            var before = errors.Count;
            var name = $"Rule {index + 1}";
            if (element.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
            {
                name = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()!.Trim() : "";
                if (name.Length is < 1 or > MaxNameLength)
                {
                    Fail("name", $"Name the rule in 1 to {MaxNameLength} characters, or leave the name out.");
                }
            }

            var when = element.TryGetProperty("when", out var whenElement) && whenElement.ValueKind != JsonValueKind.Null
                ? ReadConditions(whenElement, index)
                : [];
            var then = element.TryGetProperty("then", out var thenElement) ? ReadActions(thenElement) : [];
            if (!element.TryGetProperty("then", out _) || then.Count == 0 && !errors.Keys.Any(k => k.StartsWith($"{path}.then", StringComparison.Ordinal)))
            {
                Fail("then", "Give the rule at least one action, e.g. {\"action\":\"callAgain\",\"afterMinutes\":30}.");
            }

            return errors.Count == before ? new CampaignRule(name, when, then) : null;
        }

        private List<RuleCondition> ReadConditions(JsonElement when, int index)
        {
            var conditions = new List<RuleCondition>();
            if (when.ValueKind != JsonValueKind.Object)
            {
                Fail("when", "Give the conditions as an object, e.g. {\"connected\":false,\"dialResults\":[\"busy\"]}.");
                return conditions;
            }

            foreach (var property in when.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "connected" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        conditions.Add(new ConnectedCondition(value.GetBoolean()));
                        break;
                    case "connected":
                        Fail("when.connected", "Say true (the call reached an operator) or false.");
                        break;
                    case "dialResults":
                        if (Strings(value, "when.dialResults") is { } names)
                        {
                            var results = new HashSet<DialResult>();
                            foreach (var text in names)
                            {
                                if (Enum.TryParse<DialResult>(text, ignoreCase: true, out var result) && !int.TryParse(text, out _))
                                {
                                    results.Add(result);
                                }
                                else
                                {
                                    Fail("when.dialResults", $"'{text}' is not a dial result; use {string.Join(", ", Enum.GetNames<DialResult>().Select(Camel))}.");
                                }
                            }

                            conditions.Add(new DialResultCondition(results));
                        }

                        break;
                    case "results":
                        if (Strings(value, "when.results") is { } codes)
                        {
                            conditions.Add(new ResultCodeCondition(codes.Select(c => c.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase)));
                        }

                        break;
                    case "attempts":
                        if (value.ValueKind == JsonValueKind.Object
                            && value.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String && Comparisons.TryGetValue(op.GetString()!, out var comparison)
                            && value.TryGetProperty("value", out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out var count) && count >= 0)
                        {
                            conditions.Add(new AttemptsCondition(comparison, count));
                        }
                        else
                        {
                            Fail("when.attempts", "Compare the attempts so far with a number, e.g. {\"op\":\"gte\",\"value\":3} (op: eq, lt, lte, gt, gte).");
                        }

                        break;
                    case "contact" when value.ValueKind == JsonValueKind.Object:
                        conditions.Add(new ContactCondition(index, value.GetRawText()));
                        break;
                    case "contact":
                        Fail("when.contact", "Give the contact condition as a contact filter object, e.g. {\"field\":\"company\",\"op\":\"isEmpty\"}.");
                        break;
                    default:
                        Fail($"when.{property.Name}", "Unknown condition; use connected, dialResults, results, attempts or contact.");
                        break;
                }
            }

            return conditions;
        }

        private List<string>? Strings(JsonElement value, string at)
        {
            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
                && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())))
            {
                return [.. value.EnumerateArray().Select(v => v.GetString()!)];
            }

            Fail(at, "Give a non-empty list of names, e.g. [\"busy\", \"noAnswer\"].");
            return null;
        }

        private List<RuleAction> ReadActions(JsonElement then)
        {
            var actions = new List<RuleAction>();
            if (then.ValueKind != JsonValueKind.Array)
            {
                Fail("then", "Give the actions as a list, e.g. [{\"action\":\"callAgain\",\"afterMinutes\":30}].");
                return actions;
            }

            var i = 0;
            foreach (var element in then.EnumerateArray())
            {
                var at = $"then[{i++}]";
                var kind = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                RuleAction? action = kind switch
                {
                    "callAgain" => ReadCallAgain(element, at),
                    "removeFromCampaign" => RemoveFromCampaign.Instance,
                    "deleteContact" => DeleteContact.Instance,
                    "blacklist" => AddToBlacklist.Instance,
                    "finish" => ReadFinish(element, at),
                    "setParameter" => ReadSetParameter(element, at),
                    _ => null,
                };
                if (kind is null || (action is null && kind is not ("callAgain" or "finish" or "setParameter")))
                {
                    Fail($"{at}.action", "Name the action in \"action\": callAgain, removeFromCampaign, deleteContact, setParameter, blacklist or finish, with its settings beside it, e.g. {\"action\": \"callAgain\", \"afterMinutes\": 10}.");
                }

                if (action is not null)
                {
                    actions.Add(action);
                }
            }

            if (actions.Count(x => x.DecidesRecord) > 1)
            {
                Fail("then", "A rule decides the record once: keep only one of callAgain, removeFromCampaign, deleteContact, blacklist and finish (setParameter may be added to any).");
            }

            return actions;
        }

        private CallAgain? ReadCallAgain(JsonElement element, string at)
        {
            TimeSpan? after = null;
            TimeOnly? time = null;
            var nextWindow = false;
            var given = 0;
            if (element.TryGetProperty("afterMinutes", out var minutes))
            {
                given++;
                if (minutes.ValueKind == JsonValueKind.Number && minutes.TryGetDouble(out var m) && m > 0 && m <= MaxDelay.TotalMinutes)
                {
                    after = TimeSpan.FromMinutes(m);
                }
                else
                {
                    Fail($"{at}.afterMinutes", $"Wait more than 0 minutes and at most {MaxDelay.TotalMinutes:N0} (30 days).");
                }
            }

            if (element.TryGetProperty("at", out var clock))
            {
                given++;
                if (clock.ValueKind == JsonValueKind.String && TimeOnly.TryParseExact(clock.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    time = parsed;
                }
                else
                {
                    Fail($"{at}.at", "Give the time of day as HH:mm, e.g. \"09:30\" (the contact's own time).");
                }
            }

            if (element.TryGetProperty("nextWindow", out var window))
            {
                given++;
                nextWindow = window.ValueKind == JsonValueKind.True;
                if (!nextWindow)
                {
                    Fail($"{at}.nextWindow", "Set nextWindow to true to call at the next opening of the calling hours, or leave it out.");
                }
            }

            if (given != 1)
            {
                Fail(at, "Say when to call again with exactly one of afterMinutes, at (\"HH:mm\") or nextWindow: true.");
            }

            string? phone = null;
            if (element.TryGetProperty("phone", out var label) && label.ValueKind != JsonValueKind.Null)
            {
                phone = label.ValueKind == JsonValueKind.String ? label.GetString()!.Trim() : "";
                if (phone.Length is < 1 or > 40)
                {
                    Fail($"{at}.phone", "Give the label of the phone to call next time (e.g. \"work\"), or leave it out to call the same number.");
                }
            }

            return given == 1 ? new CallAgain(after, time, nextWindow, phone) : null;
        }

        private FinishRecord? ReadFinish(JsonElement element, string at)
        {
            if (element.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String
                && Enum.TryParse<RecordOutcome>(outcome.GetString(), ignoreCase: true, out var parsed) && !int.TryParse(outcome.GetString(), out _))
            {
                return new FinishRecord(parsed);
            }

            Fail($"{at}.outcome", "Finish the record as \"success\" or \"failed\".");
            return null;
        }

        private SetParameter? ReadSetParameter(JsonElement element, string at)
        {
            var on = element.TryGetProperty("on", out var target) && target.ValueKind == JsonValueKind.String
                && Enum.TryParse<ParameterTarget>(target.GetString(), ignoreCase: true, out var parsed) && !int.TryParse(target.GetString(), out _)
                ? parsed
                : (ParameterTarget?)null;
            if (on is null)
            {
                Fail($"{at}.on", "Set the parameter on the \"contact\" or on the \"session\".");
            }

            var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : "";
            if (!IsParameterName(name))
            {
                Fail($"{at}.name", $"Name the parameter with letters, digits, '_', '-' or '.', starting with a letter, at most {MaxParameterNameLength} characters.");
            }

            var value = element.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
            if (value is null || value.Length > MaxParameterValueLength)
            {
                Fail($"{at}.value", $"Give the value as text of at most {MaxParameterValueLength:N0} characters.");
            }

            return on is { } o && IsParameterName(name) && value is { Length: <= MaxParameterValueLength } ? new SetParameter(o, name, value) : null;
        }
    }

    /// <summary>Letters, digits, '_', '-' or '.', starting with a letter; the names of session parameters and custom fields.</summary>
    public static bool IsParameterName(string name) =>
        name.Length is >= 1 and <= MaxParameterNameLength && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>An enum name as the rules' JSON writes it (camelCase).</summary>
    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
