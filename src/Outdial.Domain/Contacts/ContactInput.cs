namespace Outdial.Contacts;

/// <summary>A phone as a client sends it: the number in any common format and an optional label.</summary>
public sealed record PhoneInput(string Number, string? Label = null);

/// <summary>
/// Everything a person or an integrator can set on a contact. Custom values are written as text
/// (as in a CSV cell) and read according to each field's type.
/// </summary>
public sealed record ContactInput(
    string? FirstName = null,
    string? LastName = null,
    string? DisplayName = null,
    string? Company = null,
    string? ExternalId = null,
    string? TimeZone = null,
    IReadOnlyList<PhoneInput>? Phones = null,
    IReadOnlyList<string>? Emails = null,
    IReadOnlyDictionary<string, string?>? Custom = null);

/// <summary>What a contact is checked against: the tenant's defaults and the custom fields that exist.</summary>
public sealed record DirectoryRules(string DefaultRegion, string DefaultTimeZone, IReadOnlyDictionary<string, ContactField> Fields)
{
    public const int MaxTextLength = 200;
    public const int MaxPhones = 20;
    public const int MaxEmails = 20;

    public static DirectoryRules Default { get; } = new("CZ", "Europe/Prague", new Dictionary<string, ContactField>());
}
