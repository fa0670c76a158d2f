using Outdial.Contacts;

namespace Outdial.Numbers;

/// <summary>One of the tenant's own phone numbers, presented to called people as the caller ID.</summary>
public sealed class CallerIdNumber
{
    public const int MaxLabelLength = 100;

    private CallerIdNumber()
    {
    }

    public CallerIdNumber(string number, string label, bool enabled, bool suggested, string defaultRegion)
    {
        Id = Guid.NewGuid();
        Change(number, label, enabled, suggested, defaultRegion);
    }

    public Guid Id { get; private set; }

    public string E164 { get; private set; } = "";

    public string Label { get; private set; } = "";

    /// <summary>Disabled numbers are never presented.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Offered first when a supervisor picks caller IDs for a campaign.</summary>
    public bool Suggested { get; private set; }

    public void Change(string number, string label, bool enabled, bool suggested, string defaultRegion)
    {
        var parsed = PhoneNumber.Parse(number ?? "", defaultRegion);
        var errors = new Dictionary<string, string[]>();
        if (!parsed.IsValid)
        {
            errors["number"] = [$"'{number}' is not a valid phone number; write it with the country code, e.g. +420 222 333 444."];
        }

        var trimmed = label?.Trim() ?? "";
        if (trimmed.Length > MaxLabelLength)
        {
            errors["label"] = [$"A label has at most {MaxLabelLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        E164 = parsed.E164!;
        Label = trimmed;
        Enabled = enabled;
        Suggested = suggested;
    }
}
