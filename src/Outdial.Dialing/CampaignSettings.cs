namespace Outdial.Dialing;

/// <summary>How a campaign dials.</summary>
public enum DialingMode
{
    /// <summary>The operator sees the record first; the call is placed after BCW or when they press Call.</summary>
    Preview,

    /// <summary>One dial per free operator, who is reserved for it: never abandons a call.</summary>
    Progressive,

    /// <summary>Dials ahead of operators as its pacing policy decides; connects only answered calls.</summary>
    Predictive,
}

/// <summary>How the caller ID is chosen from the campaign's pool of numbers.</summary>
public enum CallerIdRotation
{
    RoundRobin,

    /// <summary>Random, from the campaign's seed, so that a replay chooses the same numbers.</summary>
    Random,

    /// <summary>A number with the called number's country calling code; round robin among them, else among all.</summary>
    CountryMatch,
}

/// <summary>The settings of one campaign that the dialer uses. Immutable; change them with <see cref="SettingsChanged"/>.</summary>
public sealed record CampaignSettings
{
    public DialingMode Mode { get; init; } = DialingMode.Predictive;

    /// <summary>The supervisor's estimate of the live-answer share; the fixed-ratio rule dials ⌈free ÷ this⌉.</summary>
    public PickupRate ConfiguredPickupRate { get; init; } = new(0.3);

    /// <summary>Preview: seconds from accepting a session to the automatic dial.</summary>
    public TimeSpan BeforeCallWork { get; init; } = TimeSpan.FromSeconds(10);

    public RingTimeout RingTimeout { get; init; } = RingTimeout.FromSeconds(20);

    /// <summary>
    /// A live answer with no operator free within this time gets the abandon message and is hung
    /// up. Regulators require the message within 2 s, so it cannot be longer.
    /// </summary>
    public TimeSpan AbandonAfter
    {
        get;
        init => field = value > MaximumAbandonAfter || value < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(AbandonAfter), value, "The abandon message must play within 2 seconds.")
            : value;
    } = MaximumAbandonAfter;

    public static readonly TimeSpan MaximumAbandonAfter = TimeSpan.FromSeconds(2);

    /// <summary>An abandoned record is not dialled again (except in preview) for this long.</summary>
    public TimeSpan AbandonLockout { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Delay before trying a record again after no answer, busy, a machine and the like.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Dial attempts after which a record is not dialled again.</summary>
    public int MaxAttempts
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "At least one attempt.");
    } = 3;

    /// <summary>Preview rejections after which a record is left as rejected by operator.</summary>
    public int MaxRejections { get; init; } = 3;

    /// <summary>When contacts may be called, in their own time zone; <c>null</c> means any time.</summary>
    public CallingWindow? CallingWindow { get; init; } = CallingWindow.UsDefault;

    /// <summary>The zone for contacts without one of their own.</summary>
    public TimeZoneInfo DefaultTimeZone { get; init; } = TimeZoneInfo.Utc;

    public IReadOnlyList<E164Number> CallerIds { get; init; } = [];

    public CallerIdRotation CallerIdRotation { get; init; } = CallerIdRotation.RoundRobin;

    /// <summary>
    /// How long past its time a callback kept for one operator waits for them; then anyone of the
    /// group may make it, so a person who was promised a call is not left waiting for an absent operator.
    /// </summary>
    public TimeSpan ReservationGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>What happens after each attempt when a rule matches (docs/rules.md); the defaults otherwise.</summary>
    public IReadOnlyList<Rules.CampaignRule> Rules { get; init; } = [];

    /// <summary>Seed of the random caller-ID rotation: the dialer holds no hidden randomness.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Calls the telephony carries at once (the trunks' channels); <c>null</c> for no limit.
    /// Progressive and predictive dialling never hold more calls than this; preview dials only the
    /// call its operator asked for.
    /// </summary>
    public int? ChannelLimit { get; init; }
}
