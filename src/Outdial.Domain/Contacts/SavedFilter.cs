namespace Outdial.Contacts;

/// <summary>A named filter over the contact directory, reused when preparing campaigns.</summary>
public sealed class SavedFilter
{
    public const int MaxNameLength = 100;

    private SavedFilter()
    {
    }

    public SavedFilter(string name, string definition, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Name = name;
        Definition = definition;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The condition tree in the JSON format of docs/contact-filters.md.</summary>
    public string Definition { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(string name, string definition, DateTimeOffset now)
    {
        Name = name;
        Definition = definition;
        UpdatedAt = now;
    }
}
