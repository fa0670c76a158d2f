namespace Outdial.Dialing;

/// <summary>
/// How long a dialled number may ring before the call counts as not answered. Never below 15 s:
/// regulators (and product.md) require people to have time to reach the phone.
/// </summary>
public readonly record struct RingTimeout
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(15);

    public RingTimeout(TimeSpan duration)
    {
        if (duration < Minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A ring timeout is at least 15 seconds.");
        }

        Duration = duration;
    }

    public TimeSpan Duration { get; }

    public static RingTimeout FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    /// <summary>The given duration, or the 15 s minimum when it is shorter.</summary>
    public static RingTimeout AtLeastMinimum(TimeSpan duration) => new(duration < Minimum ? Minimum : duration);
}
