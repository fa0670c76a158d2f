namespace Outdial.Campaigns;

/// <summary>
/// One session of a campaign with one contact: offered to an operator (preview) and/or one call
/// placed. It is written before its call is originated (<see cref="InFlight"/>), so that after a
/// crash the server knows which calls may have reached people (docs/engine.md). Attempts are the
/// record's history, the contact's timeline and the source of the call figures.
/// </summary>
public sealed class CampaignAttempt
{
    private string? _note;

    private CampaignAttempt()
    {
    }

    public CampaignAttempt(Guid id, Guid campaignId, Guid recordId, Guid contactId, string? phone, DateTimeOffset startedAt)
    {
        Id = id;
        CampaignId = campaignId;
        RecordId = recordId;
        ContactId = contactId;
        Phone = phone;
        StartedAt = startedAt;
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public Guid RecordId { get; private set; }

    public Guid ContactId { get; private set; }

    public string? Phone { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The operator the session was offered to or the call was connected to.</summary>
    public Guid? OperatorId { get; set; }

    public DateTimeOffset? OfferedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>The call's number within the campaign; <c>null</c> while (or when) no call was placed.</summary>
    public long? CallNumber { get; set; }

    public string? CallerId { get; set; }

    public DateTimeOffset? DialledAt { get; set; }

    /// <summary>The UTC day of the dial, for the statistics' per-day series.</summary>
    public DateOnly? DialledOn { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How the dial ended (Answered, NoAnswer, Busy, …, Interrupted after a crash); <c>null</c> until known.</summary>
    public string? DialResult { get; set; }

    /// <summary>The result code the operator chose.</summary>
    public string? Result { get; set; }

    /// <summary>How a session ended without a call: Rejected, or withdrawn with the reason.</summary>
    public string? SessionEnd { get; set; }

    public string? Note
    {
        get => _note;
        set
        {
            _note = value;
            NoteSearch = value?.ToLowerInvariant();
        }
    }

    /// <summary>Lower-case copy of <see cref="Note"/>, so that "note contains" ignores case alike on every database.</summary>
    public string? NoteSearch { get; private set; }

    /// <summary>The call script the operator's answers (the session parameters) were given with; set by the engine.</summary>
    public Guid? ScriptId { get; set; }

    /// <summary>The version of <see cref="ScriptId"/> the answers were given with.</summary>
    public int? ScriptVersion { get; set; }

    /// <summary>True from just before the call is originated until its dial result is stored.</summary>
    public bool InFlight { get; set; }

    /// <summary>What went wrong with the telephony adapter, shown to supervisors.</summary>
    public string? Error { get; set; }

    /// <summary>A copy to hand to another thread (the engine's writer) while this one goes on changing.</summary>
    public CampaignAttempt Copy() => (CampaignAttempt)MemberwiseClone();

    /// <summary>Seconds from connected to the end of the call; stored when a connected call ends.</summary>
    public int? TalkSeconds { get; set; }

    /// <summary>Marks the call placed now.</summary>
    public void Dialled(DateTimeOffset now)
    {
        DialledAt = now;
        DialledOn = DateOnly.FromDateTime(now.UtcDateTime);
        InFlight = true;
    }

    /// <summary>Marks the call over now (its talk time counted if it was connected).</summary>
    public void Ended(DateTimeOffset now)
    {
        EndedAt ??= now;
        InFlight = false;
        if (ConnectedAt is { } connected && TalkSeconds is null)
        {
            TalkSeconds = (int)Math.Round((EndedAt.Value - connected).TotalSeconds);
        }
    }

    /// <summary>The result stored for a call left in flight by a crash: it may have reached the person.</summary>
    public const string Interrupted = "Interrupted";
}
