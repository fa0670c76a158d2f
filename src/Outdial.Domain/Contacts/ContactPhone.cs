namespace Outdial.Contacts;

/// <summary>One phone number of a contact, with a label such as "mobile", "work" or "home".</summary>
public sealed class ContactPhone
{
    public const int MaxLabelLength = 40;

    private ContactPhone()
    {
    }

    /// <param name="now">When the phone is added; orders its id (<see cref="Contact.TimeOrderedId"/>).</param>
    public ContactPhone(string label, PhoneNumber number, int position, DateTimeOffset now)
    {
        Id = Contact.TimeOrderedId(now);
        Label = label;
        Original = number.Original;
        E164 = number.E164;
        Position = position;
    }

    public Guid Id { get; private set; }

    public Guid ContactId { get; private set; }

    public string Label { get; private set; } = "";

    /// <summary>The number as it was given.</summary>
    public string Original { get; private set; } = "";

    /// <summary>Null when the number could not be understood; such a number is never dialled.</summary>
    public string? E164 { get; private set; }

    public bool IsValid => E164 is not null;

    public int Position { get; private set; }
}
