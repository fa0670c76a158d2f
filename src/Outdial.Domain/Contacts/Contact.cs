using Outdial.Identity;

namespace Outdial.Contacts;

/// <summary>A person or company in the contact directory, the source of every campaign's numbers.</summary>
public sealed class Contact
{
    private Contact()
    {
    }

    private Contact(Guid id, DateTimeOffset now)
    {
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string? FirstName { get; private set; }

    public string? LastName { get; private set; }

    /// <summary>As given, or "First Last", or the company, or the first phone or e-mail.</summary>
    public string DisplayName { get; private set; } = "";

    /// <summary>Whether <see cref="DisplayName"/> was given, rather than composed from the other fields.</summary>
    public bool DisplayNameIsExplicit { get; private set; }

    public string? Company { get; private set; }

    /// <summary>The contact's id in another system (CRM); unique when set.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>IANA id, e.g. "Europe/Prague": set explicitly, or from the phone's country, or the tenant's default.</summary>
    public string TimeZone { get; private set; } = "";

    public bool TimeZoneIsExplicit { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    // Lower-case copies for case-insensitive search and filters that behave the same on SQLite
    // (whose lower() knows only ASCII) and PostgreSQL.
    public string? FirstNameSearch { get; private set; }

    public string? LastNameSearch { get; private set; }

    public string DisplayNameSearch { get; private set; } = "";

    public string? CompanySearch { get; private set; }

    public string? ExternalIdSearch { get; private set; }

    public List<ContactPhone> Phones { get; private set; } = [];

    public List<ContactEmail> Emails { get; private set; } = [];

    public List<ContactFieldValue> Values { get; private set; } = [];

    /// <summary>
    /// Creates a contact from <paramref name="input"/>. Throws <see cref="InvalidInputProblem"/>
    /// naming every invalid field; numbers that cannot be parsed are kept and reported in
    /// <paramref name="warnings"/>.
    /// </summary>
    public static Contact Create(ContactInput input, DirectoryRules rules, DateTimeOffset now, out IReadOnlyList<string> warnings)
    {
        var contact = new Contact(TimeOrderedId(now), now);
        warnings = contact.Apply(input, rules, now);
        return contact;
    }

    /// <summary>Replaces every field with <paramref name="input"/>; returns warnings about unparseable numbers.</summary>
    public IReadOnlyList<string> Update(ContactInput input, DirectoryRules rules, DateTimeOffset now) => Apply(input, rules, now);

    /// <summary>
    /// Takes what <paramref name="other"/> knows and this contact does not: empty fields, extra
    /// phones and e-mails, missing custom values. Used to merge two records of the same person.
    /// </summary>
    public void Absorb(Contact other, DateTimeOffset now)
    {
        FirstName ??= other.FirstName;
        LastName ??= other.LastName;
        Company ??= other.Company;
        ExternalId ??= other.ExternalId;
        if (!TimeZoneIsExplicit && other.TimeZoneIsExplicit)
        {
            TimeZone = other.TimeZone;
            TimeZoneIsExplicit = true;
        }

        var position = Phones.Count;
        foreach (var phone in other.Phones.OrderBy(p => p.Position))
        {
            if (!Phones.Any(p => p.E164 is not null ? p.E164 == phone.E164 : p.Original == phone.Original))
            {
                Phones.Add(new ContactPhone(phone.Label, new PhoneNumber(phone.Original, phone.E164, null), position++, now));
            }
        }

        position = Emails.Count;
        foreach (var email in other.Emails.OrderBy(e => e.Position))
        {
            if (!Emails.Any(e => e.Normalized == email.Normalized))
            {
                Emails.Add(new ContactEmail(email.Address, position++, now));
            }
        }

        foreach (var value in other.Values)
        {
            if (!Values.Any(v => v.FieldKey == value.FieldKey))
            {
                Values.Add(new ContactFieldValue(value.FieldKey, value.Value));
            }
        }

        if (!DisplayNameIsExplicit)
        {
            DisplayName = ComposeDisplayName();
        }

        if (!TimeZoneIsExplicit && ZoneFromPhones(Phones) is { } zone)
        {
            TimeZone = zone;
        }

        RefreshSearchColumns();
        UpdatedAt = now;
    }

    /// <summary>The input that would recreate this contact as it is.</summary>
    public ContactInput ToInput() => new(
        FirstName, LastName, DisplayNameIsExplicit ? DisplayName : null, Company, ExternalId, TimeZoneIsExplicit ? TimeZone : null,
        [.. Phones.OrderBy(p => p.Position).Select(p => new PhoneInput(p.Original, p.Label))],
        [.. Emails.OrderBy(e => e.Position).Select(e => e.Address)],
        Values.ToDictionary(v => v.FieldKey, v => (string?)v.Value.ToString()));

    private List<string> Apply(ContactInput input, DirectoryRules rules, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var warnings = new List<string>();

        var firstName = Text(input.FirstName, "firstName", errors);
        var lastName = Text(input.LastName, "lastName", errors);
        var displayName = Text(input.DisplayName, "displayName", errors);
        var company = Text(input.Company, "company", errors);
        var externalId = Text(input.ExternalId, "externalId", errors);

        var phones = new List<ContactPhone>();
        var phoneInputs = input.Phones ?? [];
        if (phoneInputs.Count > DirectoryRules.MaxPhones)
        {
            errors["phones"] = [$"A contact has at most {DirectoryRules.MaxPhones} phones."];
        }

        for (var i = 0; i < phoneInputs.Count && i < DirectoryRules.MaxPhones; i++)
        {
            var phoneInput = phoneInputs[i];
            var label = string.IsNullOrWhiteSpace(phoneInput.Label) ? "phone" : phoneInput.Label.Trim().ToLowerInvariant();
            if (label.Length > ContactPhone.MaxLabelLength)
            {
                errors[$"phones[{i}].label"] = [$"A phone label has at most {ContactPhone.MaxLabelLength} characters."];
                continue;
            }

            if (string.IsNullOrWhiteSpace(phoneInput.Number))
            {
                errors[$"phones[{i}].number"] = ["Enter the phone number, or remove the empty phone."];
                continue;
            }

            var number = PhoneNumber.Parse(phoneInput.Number, rules.DefaultRegion);
            if (number.Original.Length > PhoneNumber.MaxLength)
            {
                errors[$"phones[{i}].number"] = [$"A phone number has at most {PhoneNumber.MaxLength} characters."];
                continue;
            }

            if (!number.IsValid)
            {
                warnings.Add($"phones[{i}]: '{number.Original}' is not a valid phone number (read with default region {rules.DefaultRegion}); it is kept but will not be dialled. Write it with the country code, e.g. +420 777 123 456.");
            }

            if (phones.Any(p => number.E164 is not null ? p.E164 == number.E164 : p.Original == number.Original))
            {
                continue; // the same number twice adds nothing
            }

            phones.Add(new ContactPhone(label, number, phones.Count, now));
        }

        var emails = new List<ContactEmail>();
        var emailInputs = input.Emails ?? [];
        if (emailInputs.Count > DirectoryRules.MaxEmails)
        {
            errors["emails"] = [$"A contact has at most {DirectoryRules.MaxEmails} e-mail addresses."];
        }

        for (var i = 0; i < emailInputs.Count && i < DirectoryRules.MaxEmails; i++)
        {
            if (!EmailAddress.TryParse(emailInputs[i], out var email))
            {
                errors[$"emails[{i}]"] = [$"'{emailInputs[i]}' is not an e-mail address; write it like jana@example.com."];
            }
            else if (!emails.Any(e => e.Normalized == email.Value.Normalized))
            {
                emails.Add(new ContactEmail(email.Value.Value, emails.Count, now));
            }
        }

        var values = new List<ContactFieldValue>();
        foreach (var (key, text) in input.Custom ?? new Dictionary<string, string?>())
        {
            if (!rules.Fields.TryGetValue(key, out var field))
            {
                errors[$"custom.{key}"] = [$"There is no custom field '{key}'. Create it under Settings → Contact fields first."];
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var parsed = field.Parse(text);
            if (parsed.Value is { } value)
            {
                values.Add(new ContactFieldValue(key, value));
            }
            else
            {
                errors[$"custom.{key}"] = [parsed.Problem!];
            }
        }

        if (errors.Count == 0 && firstName is null && lastName is null && displayName is null && company is null && externalId is null
            && phones.Count == 0 && emails.Count == 0 && values.Count == 0)
        {
            errors["contact"] = ["A contact needs at least one of: a name, a company, a phone, an e-mail, an external id or a custom value."];
        }

        var explicitZone = string.IsNullOrWhiteSpace(input.TimeZone) ? null : input.TimeZone.Trim();
        if (explicitZone is not null && !TimeZones.IsKnown(explicitZone))
        {
            errors["timeZone"] = [$"'{explicitZone}' is not a time zone; use an IANA id such as Europe/Prague or America/New_York."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        FirstName = firstName;
        LastName = lastName;
        Company = company;
        ExternalId = externalId;
        Phones.Clear();
        Phones.AddRange(phones);
        Emails.Clear();
        Emails.AddRange(emails);
        Values.Clear();
        Values.AddRange(values);
        TimeZoneIsExplicit = explicitZone is not null;
        TimeZone = explicitZone ?? ZoneFromPhones(phones) ?? rules.DefaultTimeZone;
        DisplayNameIsExplicit = displayName is not null;
        DisplayName = displayName ?? ComposeDisplayName();
        RefreshSearchColumns();
        UpdatedAt = now;
        return warnings;
    }

    /// <summary>
    /// Ids of the directory's rows (contacts, phones, e-mails, events) are UUID version 7: they
    /// sort by the time they were made, so new rows go to the end of the primary-key and
    /// contact-id indexes instead of onto random pages. A large import then touches a few pages per
    /// index rather than all of them (measured: the SQLite import of 200,000 rows 1.6 times faster,
    /// and no slower per row at 1,000,000). The 74 random bits keep ids unguessable.
    /// </summary>
    public static Guid TimeOrderedId(DateTimeOffset now) => Guid.CreateVersion7(now);

    /// <summary>The zone of the first valid phone whose country has a single zone.</summary>
    private static string? ZoneFromPhones(IEnumerable<ContactPhone> phones) =>
        phones.Where(p => p.IsValid).OrderBy(p => p.Position).Select(p => new PhoneNumber(p.Original, p.E164, null).SingleTimeZone()).FirstOrDefault(z => z is not null);

    private string ComposeDisplayName()
    {
        var name = string.Join(' ', new[] { FirstName, LastName }.Where(n => n is not null));
        return name.Length > 0 ? name : Company ?? Phones.FirstOrDefault()?.Original ?? Emails.FirstOrDefault()?.Address ?? "(no name)";
    }

    private void RefreshSearchColumns()
    {
        FirstNameSearch = FirstName?.ToLowerInvariant();
        LastNameSearch = LastName?.ToLowerInvariant();
        DisplayNameSearch = DisplayName.ToLowerInvariant();
        CompanySearch = Company?.ToLowerInvariant();
        ExternalIdSearch = ExternalId?.ToLowerInvariant();
    }

    /// <summary>Trims; empty becomes null (one way to say "not known"); checks the length.</summary>
    private static string? Text(string? value, string field, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > DirectoryRules.MaxTextLength)
        {
            errors[field] = [$"'{field}' takes at most {DirectoryRules.MaxTextLength} characters."];
            return null;
        }

        return trimmed;
    }
}
