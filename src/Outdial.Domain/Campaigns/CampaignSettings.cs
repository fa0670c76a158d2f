using Outdial.Settings;

namespace Outdial.Campaigns;

/// <summary>
/// Everything a supervisor sets on a campaign's "General" and "Contacts" tabs, checked as a
/// whole: <see cref="Validate"/> names every field that is out of range.
/// </summary>
public sealed record CampaignSettings(
    string Name,
    string Description,
    CampaignMode Mode,
    int BcwSeconds,
    int PickupRatePercent,
    Guid? RoutingGroupId,
    CampaignGoal Goal,
    IReadOnlyList<ResultCode> ResultCodes,
    IReadOnlyList<Guid> CallerIds,
    CallerIdRotation Rotation,
    CallingHours? CallingHours,
    int MaxAttempts,
    int RingTimeoutSeconds,
    int RetryDelayMinutes,
    string PhoneField,
    Guid? FilterId,
    PredictivePacing Pacing = PredictivePacing.Adaptive,
    string Rules = CampaignSettings.NoRules,
    Guid? CallScriptId = null,
    string? Filter = null)
{
    /// <summary>The longest filter built in place (JSON of docs/contact-filters.md).</summary>
    public const int MaxFilterLength = 65_536;

    /// <summary>
    /// The campaign's rules, kept as the JSON array the supervisor or integrator gave (each rule an
    /// object, in order). Their editor and their evaluation come with the rules issue; until then
    /// the campaign stores them and nothing acts on them.
    /// </summary>
    public const string NoRules = "[]";

    public const int MaxRules = 100;
    public const int MaxRulesLength = 65_536;

    public const int MaxBcwSeconds = 600;
    public const int MinRingTimeoutSeconds = 15;
    public const int MaxRingTimeoutSeconds = 120;
    public const int MaxAttemptsLimit = 50;

    /// <summary>Dial the contact's first valid phone, whatever its label.</summary>
    public const string FirstValidPhone = "firstValid";

    /// <summary>The result codes a new campaign starts with.</summary>
    public static IReadOnlyList<ResultCode> DefaultResultCodes { get; } =
    [
        new("Success", ResultCategory.Success, IsFinal: true),
        new("Not interested", ResultCategory.Unsuccessful, IsFinal: true),
        new("Call back", ResultCategory.Callback, IsFinal: false),
        new("Do not call", ResultCategory.DoNotCall, IsFinal: true),
    ];

    /// <summary>Throws <see cref="InvalidInputProblem"/> naming every invalid field.</summary>
    public CampaignSettings Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (Name.Trim().Length is < 1 or > 200)
        {
            Fail("name", "Name the campaign in 1 to 200 characters.");
        }

        if (Description.Length > 2000)
        {
            Fail("description", "The description has at most 2,000 characters.");
        }

        if (Mode == CampaignMode.Preview && BcwSeconds is < 0 or > MaxBcwSeconds)
        {
            Fail("bcwSeconds", $"Before-call work lasts 0 to {MaxBcwSeconds} seconds.");
        }

        if (Mode == CampaignMode.Predictive && PickupRatePercent is < 1 or > 100)
        {
            Fail("pickupRatePercent", "The pickup rate is 1 to 100 %: the share of dialled numbers that a person answers (50 % dials two numbers per free operator).");
        }

        if (!Enum.IsDefined(Pacing))
        {
            Fail("pacing", "Choose adaptive or fixedRatio pacing.");
        }

        if (RoutingGroupId is null)
        {
            Fail("routingGroupId", "Choose the operator group that takes the campaign's calls.");
        }

        if (ResultCodes.Count == 0)
        {
            Fail("resultCodes", "Give the operators at least one result to choose after a call.");
        }
        else if (ResultCodes.Any(r => r.Name.Trim().Length is < 1 or > 100))
        {
            Fail("resultCodes", "Name each result in 1 to 100 characters.");
        }
        else if (ResultCodes.GroupBy(r => r.Name.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            Fail("resultCodes", "Two results have the same name; operators could not tell them apart.");
        }

        if (MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            Fail("maxAttempts", $"Allow 1 to {MaxAttemptsLimit} attempts per contact.");
        }

        if (RingTimeoutSeconds is < MinRingTimeoutSeconds or > MaxRingTimeoutSeconds)
        {
            Fail("ringTimeoutSeconds", $"Let a number ring {MinRingTimeoutSeconds} to {MaxRingTimeoutSeconds} seconds; regulators require at least {MinRingTimeoutSeconds} s before a call counts as not answered.");
        }

        if (RetryDelayMinutes is < 1 or > 60 * 24 * 30)
        {
            Fail("retryDelayMinutes", "Wait between 1 minute and 30 days before calling again.");
        }

        if (CallerIds.Distinct().Count() != CallerIds.Count)
        {
            Fail("callerIds", "A caller ID is listed twice.");
        }

        if (string.IsNullOrWhiteSpace(PhoneField) || PhoneField.Length > 40)
        {
            Fail("phoneField", $"Choose which phone to dial: a label such as mobile, or {FirstValidPhone}.");
        }

        if (FilterId is not null && Filter is not null)
        {
            Fail("filter", "Choose a saved filter or build one here, not both.");
        }
        else if (Filter is { Length: > MaxFilterLength })
        {
            Fail("filter", $"A filter built here takes at most {MaxFilterLength:N0} characters of JSON; save a long one as a filter instead.");
        }

        if (RulesProblem(Rules) is { } rulesProblem)
        {
            Fail("rules", rulesProblem);
        }

        return errors.Count > 0 ? throw new InvalidInputProblem(errors) : this;
    }

    private static string? RulesProblem(string rules)
    {
        if (rules.Length > MaxRulesLength)
        {
            return $"The rules take at most {MaxRulesLength:N0} characters of JSON.";
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(rules);
            var root = document.RootElement;
            return root.ValueKind != System.Text.Json.JsonValueKind.Array ? "Give the rules as a JSON array of rule objects, in the order they apply."
                : root.GetArrayLength() > MaxRules ? $"A campaign has at most {MaxRules} rules."
                : root.EnumerateArray().Any(r => r.ValueKind != System.Text.Json.JsonValueKind.Object) ? "Each rule is a JSON object."
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return "The rules are not valid JSON; give a JSON array of rule objects.";
        }
    }
}
