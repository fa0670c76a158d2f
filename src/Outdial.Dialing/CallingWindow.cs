namespace Outdial.Dialing;

/// <summary>One weekday's calling window in local time: <see cref="Opens"/> inclusive, <see cref="Closes"/> exclusive.</summary>
public sealed record DayWindow(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// When a contact may be called, in the contact's own local time: one window per weekday at most
/// (e.g. Mon–Fri 8:00–21:00), none on days that are closed. Windows do not cross midnight.
/// </summary>
public sealed class CallingWindow
{
    private readonly DayWindow?[] _byDay = new DayWindow?[7];

    /// <summary>The same window every day of the week.</summary>
    public CallingWindow(TimeOnly opens, TimeOnly closes)
        : this(Enum.GetValues<DayOfWeek>().Select(day => new DayWindow(day, opens, closes)))
    {
    }

    /// <exception cref="ArgumentException">A window closes before it opens, a day has two windows, or no day has one.</exception>
    public CallingWindow(IEnumerable<DayWindow> days)
    {
        foreach (var window in days)
        {
            if (window.Closes <= window.Opens)
            {
                throw new ArgumentException($"A calling window closes after it opens, on the same day ({window.Day}).", nameof(days));
            }

            if (_byDay[(int)window.Day] is not null)
            {
                throw new ArgumentException($"{window.Day} has more than one calling window.", nameof(days));
            }

            _byDay[(int)window.Day] = window;
        }

        if (_byDay.All(w => w is null))
        {
            // A campaign that may never call anyone is a settings mistake, not a schedule.
            throw new ArgumentException("A calling window needs at least one day.", nameof(days));
        }
    }

    public IReadOnlyList<DayWindow> Days => [.. _byDay.OfType<DayWindow>()];

    /// <summary>Whether both windows let calls through at the same times (<c>null</c> is no window: any time).</summary>
    public static bool SameHours(CallingWindow? a, CallingWindow? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a._byDay.SequenceEqual(b._byDay));

    /// <summary>The US default: 8:00–21:00 in the called person's local time, every day.</summary>
    public static CallingWindow UsDefault { get; } = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    /// <summary>Whether a call may start at <paramref name="instant"/> for a contact living in <paramref name="zone"/>.</summary>
    public bool IsOpenAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return _byDay[(int)local.DayOfWeek] is { } window && time >= window.Opens && time < window.Closes;
    }

    /// <summary>
    /// The first instant at or after <paramref name="instant"/> at which the window is open. Worked
    /// out in local time and converted with the zone's own rules, so it is right across
    /// daylight-saving changes: an opening inside a spring-forward gap moves to the first valid
    /// local minute, an opening in the repeated autumn hour takes its first occurrence.
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (IsOpenAt(instant, zone))
        {
            return instant;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        for (var day = 0; day <= 8; day++)
        {
            var date = today.AddDays(day);
            if (_byDay[(int)date.DayOfWeek] is not { } window)
            {
                continue;
            }

            var opening = ToInstant(date.ToDateTime(window.Opens), zone);
            if (opening >= instant && IsOpenAt(opening, zone))
            {
                return opening;
            }
        }

        throw new InvalidOperationException($"The calling window {this} does not open within a week in the time zone {zone.Id}.");
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        // Gaps are at most a few hours and start on whole minutes in every zone in use.
        var guard = 0;
        while (zone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    public override string ToString() => string.Join("; ", Days.Select(d => $"{d.Day.ToString()[..3]} {d.Opens:HH\\:mm}–{d.Closes:HH\\:mm}"));
}
