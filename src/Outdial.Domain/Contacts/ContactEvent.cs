namespace Outdial.Contacts;

/// <summary>What happened on a contact's timeline. Later features (campaign sessions, calls, notes) add kinds.</summary>
public enum ContactEventKind
{
    Created,
    Updated,
    Merged,

    /// <summary>A campaign session: offered, dialled, talked, result (written by the campaign engine).</summary>
    CampaignSession,
}

/// <summary>One entry of a contact's timeline: all communication and changes, newest first when shown.</summary>
public sealed class ContactEvent
{
    private ContactEvent()
    {
    }

    public ContactEvent(Guid contactId, ContactEventKind kind, string text, DateTimeOffset at, Guid? actorUserId, string? actorName)
    {
        Id = Contact.TimeOrderedId(at);
        ContactId = contactId;
        Kind = kind;
        Text = text;
        At = at;
        ActorUserId = actorUserId;
        ActorName = actorName;
    }

    public Guid Id { get; private set; }

    public Guid ContactId { get; private set; }

    public ContactEventKind Kind { get; private set; }

    /// <summary>A sentence for people, e.g. "Created through the API".</summary>
    public string Text { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string? ActorName { get; private set; }

    /// <summary>Moves the event to another contact (when two contacts are merged into one).</summary>
    public void MoveTo(Guid contactId) => ContactId = contactId;
}
