namespace Outdial.Dialing.Pacing;

/// <summary>
/// Decides how many calls a predictive campaign starts now. Asked after every event the dialer
/// handles; it sees counts, never records or people, and it keeps its own memory through
/// <see cref="Observe"/>. Implementations are deterministic and read time only from the snapshot.
/// </summary>
public interface IPacingPolicy
{
    /// <summary>How many new calls to place now (0 or less: none).</summary>
    int CallsToStart(in PacingSnapshot snapshot);

    /// <summary>Learns from what happened to calls and operators.</summary>
    void Observe(in PacingObservation observation);

    /// <summary>When the policy wants to be asked again even if nothing else happens; <c>null</c> for never.</summary>
    DateTimeOffset? NextReviewAt { get; }
}

/// <summary>The state of one campaign's operators and calls at <see cref="Now"/>.</summary>
/// <param name="LoggedIn">Operators online (free or busy), not on break or offline.</param>
/// <param name="Free">Operators waiting for a call.</param>
/// <param name="Dialling">Calls placed and not yet answered or failed.</param>
/// <param name="WaitingForOperator">Calls answered by a person, waiting for an operator (at most 2 s each).</param>
/// <param name="Talking">Calls connected to an operator.</param>
/// <param name="WrapUp">Operators after a call, before they are free.</param>
public readonly record struct PacingSnapshot(
    DateTimeOffset Now,
    int LoggedIn,
    int Free,
    int Dialling,
    int WaitingForOperator,
    int Talking,
    int WrapUp,
    PickupRate ConfiguredPickupRate)
{
    /// <summary>How long a number rings before the call counts as not answered.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a person who answered waits for an operator before the abandon message.</summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls the telephony can carry at once for this campaign; <c>null</c> for no limit.</summary>
    public int? ChannelLimit { get; init; }

    /// <summary>Every call the campaign holds: dialling, waiting or connected.</summary>
    public int CallsInProgress => Dialling + WaitingForOperator + Talking;
}

public enum PacingObservationKind
{
    Dialled,
    AnsweredLive,
    AnsweredMachine,
    Failed,
    Connected,
    Abandoned,
    CancelledByClient,
    CallEnded,
    OperatorFree,

    /// <summary>The operator went on a break or offline.</summary>
    OperatorAway,
}

/// <param name="Operator">The operator concerned (connected, ended, free), when there is one.</param>
public readonly record struct PacingObservation(PacingObservationKind Kind, DateTimeOffset At, CallId Call, OperatorId? Operator = null);
