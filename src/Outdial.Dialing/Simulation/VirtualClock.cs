namespace Outdial.Dialing.Simulation;

/// <summary>A clock that moves only when the simulator moves it: hours of a shift pass in milliseconds.</summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The current instant in UTC ticks.</summary>
    public long UtcTicks => _now.UtcTicks;

    public void MoveTo(DateTimeOffset instant)
    {
        if (instant < _now)
        {
            throw new InvalidOperationException($"Virtual time cannot go back from {_now:O} to {instant:O}.");
        }

        _now = instant;
    }

    /// <summary>Moves to an instant given in UTC ticks (the simulator's loop counts in ticks).</summary>
    public void MoveTo(long utcTicks)
    {
        if (utcTicks != UtcTicks)
        {
            MoveTo(new DateTimeOffset(utcTicks, TimeSpan.Zero));
        }
    }
}
