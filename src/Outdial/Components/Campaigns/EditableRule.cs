using System.Text.Json.Nodes;
using Outdial.Dialing;
using Outdial.Dialing.Rules;

namespace Outdial.Components.Campaigns;

/// <summary>What a rule decides for the record, as the editor offers it.</summary>
public enum RuleOutcome
{
    Defaults,
    CallAgain,
    Remove,
    DeleteContact,
    Blacklist,
    FinishSuccess,
    FinishFailed,
}

public enum CallAgainWhen
{
    After,
    At,
    NextWindow,
}

public sealed class EditableParameter
{
    public ParameterTarget On { get; set; } = ParameterTarget.Session;

    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>
/// One rule in the editor's form. It is written out as the rules' JSON (docs/rules.md) as it is,
/// so that the server's checks name what is wrong exactly as the API would.
/// </summary>
public sealed class EditableRule
{
    public string Name { get; set; } = "";

    public bool? Connected { get; set; }

    public IReadOnlyCollection<DialResult> DialResults { get; set; } = [];

    public IReadOnlyCollection<string> Results { get; set; } = [];

    public Comparison? AttemptsOp { get; set; }

    public int AttemptsValue { get; set; } = 1;

    /// <summary>A contact filter in its JSON form; empty for none.</summary>
    public string Contact { get; set; } = "";

    public RuleOutcome Outcome { get; set; } = RuleOutcome.CallAgain;

    public CallAgainWhen When { get; set; } = CallAgainWhen.After;

    public double AfterMinutes { get; set; } = 60;

    public string At { get; set; } = "09:00";

    public string Phone { get; set; } = "";

    public List<EditableParameter> Parameters { get; } = [];

    public static EditableRule From(CampaignRule rule)
    {
        var editable = new EditableRule { Name = rule.Name, Outcome = RuleOutcome.Defaults };
        foreach (var condition in rule.When)
        {
            switch (condition)
            {
                case ConnectedCondition c:
                    editable.Connected = c.Connected;
                    break;
                case DialResultCondition d:
                    editable.DialResults = [.. d.Results];
                    break;
                case ResultCodeCondition r:
                    editable.Results = [.. r.Names];
                    break;
                case AttemptsCondition a:
                    (editable.AttemptsOp, editable.AttemptsValue) = (a.Op, a.Value);
                    break;
                case ContactCondition contact:
                    editable.Contact = contact.Filter;
                    break;
            }
        }

        foreach (var action in rule.Then)
        {
            switch (action)
            {
                case CallAgain again:
                    editable.Outcome = RuleOutcome.CallAgain;
                    editable.When = again.After is not null ? CallAgainWhen.After : again.At is not null ? CallAgainWhen.At : CallAgainWhen.NextWindow;
                    editable.AfterMinutes = again.After?.TotalMinutes ?? editable.AfterMinutes;
                    editable.At = again.At?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? editable.At;
                    editable.Phone = again.Phone ?? "";
                    break;
                case RemoveFromCampaign:
                    editable.Outcome = RuleOutcome.Remove;
                    break;
                case DeleteContact:
                    editable.Outcome = RuleOutcome.DeleteContact;
                    break;
                case AddToBlacklist:
                    editable.Outcome = RuleOutcome.Blacklist;
                    break;
                case FinishRecord finish:
                    editable.Outcome = finish.Outcome == RecordOutcome.Success ? RuleOutcome.FinishSuccess : RuleOutcome.FinishFailed;
                    break;
                case SetParameter set:
                    editable.Parameters.Add(new EditableParameter { On = set.On, Name = set.Name, Value = set.Value });
                    break;
            }
        }

        return editable;
    }

    public static string ToJson(IReadOnlyList<EditableRule> rules) => new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]).ToJsonString();

    private JsonObject ToJson()
    {
        var when = new JsonObject();
        if (Connected is { } connected)
        {
            when["connected"] = connected;
        }

        if (DialResults.Any())
        {
            when["dialResults"] = new JsonArray([.. DialResults.Select(d => (JsonNode)RuleJson.Camel(d.ToString()))]);
        }

        if (Results.Any())
        {
            when["results"] = new JsonArray([.. Results.Select(r => (JsonNode)r)]);
        }

        if (AttemptsOp is { } op)
        {
            when["attempts"] = new JsonObject { ["op"] = op.ToString().ToLowerInvariant(), ["value"] = AttemptsValue };
        }

        if (!string.IsNullOrWhiteSpace(Contact))
        {
            // Text that is not JSON goes as a string, so the server says what a contact condition looks like.
            when["contact"] = TryParse(Contact) ?? JsonValue.Create(Contact);
        }

        var then = new JsonArray();
        JsonObject? decision = Outcome switch
        {
            RuleOutcome.CallAgain => CallAgainJson(),
            RuleOutcome.Remove => new JsonObject { ["action"] = "removeFromCampaign" },
            RuleOutcome.DeleteContact => new JsonObject { ["action"] = "deleteContact" },
            RuleOutcome.Blacklist => new JsonObject { ["action"] = "blacklist" },
            RuleOutcome.FinishSuccess => new JsonObject { ["action"] = "finish", ["outcome"] = "success" },
            RuleOutcome.FinishFailed => new JsonObject { ["action"] = "finish", ["outcome"] = "failed" },
            _ => null,
        };
        if (decision is not null)
        {
            then.Add(decision);
        }

        foreach (var parameter in Parameters)
        {
            then.Add(new JsonObject { ["action"] = "setParameter", ["on"] = RuleJson.Camel(parameter.On.ToString()), ["name"] = parameter.Name.Trim(), ["value"] = parameter.Value });
        }

        return new JsonObject { ["name"] = Name.Trim(), ["when"] = when, ["then"] = then };
    }

    private JsonObject CallAgainJson()
    {
        var json = new JsonObject { ["action"] = "callAgain" };
        switch (When)
        {
            case CallAgainWhen.After:
                json["afterMinutes"] = AfterMinutes;
                break;
            case CallAgainWhen.At:
                json["at"] = At.Trim();
                break;
            default:
                json["nextWindow"] = true;
                break;
        }

        if (!string.IsNullOrWhiteSpace(Phone))
        {
            json["phone"] = Phone.Trim();
        }

        return json;
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
