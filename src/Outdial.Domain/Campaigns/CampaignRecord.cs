namespace Outdial.Campaigns;

/// <summary>
/// Where one contact stands inside one campaign (the names of product.md; the dialer core has the
/// same list in <c>Outdial.Dialing.RecordState</c>, and the engine maps one to the other).
/// </summary>
public enum CampaignRecordState
{
    Initial,
    OperatorAssigned,
    Bcw,
    Calling,
    WaitingForOperator,
    CallInProgress,
    Acw,
    RetryScheduled,
    Abandoned,
    CancelledByClient,
    Success,
    Failed,
    DialFailed,
    RejectedByOperator,
    CancelledByAdmin,
    Blacklisted,
    InvalidRecord,
    Removed,
}

/// <summary>One contact inside one campaign: the number to dial, its state, attempts and results.</summary>
public sealed class CampaignRecord
{
    private CampaignRecord()
    {
    }

    private CampaignRecord(Guid campaignId, Guid contactId, long order, string? phone, CampaignRecordState state, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        CampaignId = campaignId;
        ContactId = contactId;
        Order = order;
        Phone = phone;
        State = state;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public Guid ContactId { get; private set; }

    /// <summary>Records are dialled in this order when nothing else decides (callbacks and retries come first when due).</summary>
    public long Order { get; private set; }

    /// <summary>The E.164 number to dial, chosen by the campaign's phone field; null when the contact has none.</summary>
    public string? Phone { get; private set; }

    public CampaignRecordState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>A callback the operator scheduled; it comes before any other due record.</summary>
    public DateTimeOffset? CallbackAt { get; private set; }

    /// <summary>After an abandoned call the contact is not dialled by a machine again until then.</summary>
    public DateTimeOffset? LockedOutUntil { get; private set; }

    public int Rejections { get; private set; }

    public Guid? OperatorId { get; private set; }

    /// <summary>The operator a callback is kept for (the one who arranged it); <c>null</c> when anyone may make it.</summary>
    public Guid? ReservedOperatorId { get; private set; }

    public string? LastDialResult { get; private set; }

    public string? LastOperatorResult { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static bool IsFinal(CampaignRecordState state) => state >= CampaignRecordState.Success;

    /// <summary>
    /// A new record for <paramref name="contactPhones"/> (E.164 by label, in the contact's order):
    /// no usable number makes it an invalid record, a blacklisted one a blacklisted record.
    /// </summary>
    public static CampaignRecord For(Guid campaignId, Guid contactId, long order, IReadOnlyList<(string Label, string? E164)> contactPhones, string phoneField, Func<string, bool> isBlacklisted, DateTimeOffset now)
    {
        var phone = phoneField == CampaignSettings.FirstValidPhone
            ? contactPhones.Select(p => p.E164).FirstOrDefault(p => p is not null)
            : contactPhones.Where(p => string.Equals(p.Label, phoneField, StringComparison.OrdinalIgnoreCase)).Select(p => p.E164).FirstOrDefault(p => p is not null);
        var state = phone is null ? CampaignRecordState.InvalidRecord
            : isBlacklisted(phone) ? CampaignRecordState.Blacklisted
            : CampaignRecordState.Initial;
        return new CampaignRecord(campaignId, contactId, order, phone, state, now);
    }

    /// <summary>
    /// The server stopped while the record was offered or on a call. A call that was placed counts
    /// as an attempt (dial failed) and is retried at <paramref name="nextAttemptAt"/> while attempts
    /// are left; without a call the record is simply due again.
    /// </summary>
    public void Interrupt(bool called, DateTimeOffset nextAttemptAt, int maxAttempts, DateTimeOffset now)
    {
        if (called)
        {
            LastDialResult = CampaignAttempt.Interrupted;
        }

        State = called && Attempts >= maxAttempts ? CampaignRecordState.DialFailed
            : Attempts > 0 ? CampaignRecordState.RetryScheduled
            : CampaignRecordState.Initial;
        NextAttemptAt = IsFinal(State) ? null : nextAttemptAt;
        OperatorId = null;
        UpdatedAt = now;
    }

    /// <summary>Takes the record out of the campaign (it is never dialled again); a final record stays as it ended.</summary>
    public void Remove(DateTimeOffset now)
    {
        if (IsFinal(State))
        {
            throw new ConflictProblem($"The record is already {State}; it will not be dialled again.");
        }

        State = CampaignRecordState.Removed;
        UpdatedAt = now;
    }
}

/// <summary>A record's state as the dialer reports it, in the campaign's terms.</summary>
public sealed record RecordProgress(
    CampaignRecordState State,
    int Attempts,
    int Rejections,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CallbackAt,
    DateTimeOffset? LockedOutUntil,
    Guid? OperatorId,
    string? LastDialResult,
    string? LastOperatorResult,
    string? Phone = null,
    Guid? ReservedOperatorId = null);
