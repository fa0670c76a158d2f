namespace Outdial.Contacts;

/// <summary>One e-mail address of a contact. <see cref="Normalized"/> is lower case for matching.</summary>
public sealed class ContactEmail
{
    private ContactEmail()
    {
    }

    /// <param name="now">When the address is added; orders its id (<see cref="Contact.TimeOrderedId"/>).</param>
    public ContactEmail(string address, int position, DateTimeOffset now)
    {
        Id = Contact.TimeOrderedId(now);
        Address = address;
        Normalized = address.ToLowerInvariant();
        Position = position;
    }

    public Guid Id { get; private set; }

    public Guid ContactId { get; private set; }

    public string Address { get; private set; } = "";

    public string Normalized { get; private set; } = "";

    public int Position { get; private set; }
}
