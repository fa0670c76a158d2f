namespace Outdial.Dialing.Tests;

public sealed class CallingWindowTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Window_opens_at_local_eight_on_the_day_clocks_spring_forward()
    {
        // 2026-03-08 02:00 EST → 03:00 EDT. 08:00 that day is 12:00 UTC, not 13:00.
        var beforeDawn = new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero);

        var opening = CallingWindow.UsDefault.NextOpening(beforeDawn, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero), opening.ToUniversalTime());
    }

    [Fact]
    public void Window_closes_at_local_nine_pm_on_the_day_clocks_fall_back()
    {
        // 2026-11-01: EDT ends at 02:00; 21:00 EST is 02:00 UTC the next day.
        Assert.True(CallingWindow.UsDefault.IsOpenAt(new DateTimeOffset(2026, 11, 2, 1, 59, 0, TimeSpan.Zero), NewYork));
        Assert.False(CallingWindow.UsDefault.IsOpenAt(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero), NewYork));
    }

    [Fact]
    public void Window_opening_inside_the_spring_forward_gap_opens_at_the_first_valid_minute()
    {
        var window = new CallingWindow(new TimeOnly(2, 30), new TimeOnly(21, 0));
        var midnight = new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero);

        var opening = window.NextOpening(midnight, NewYork);

        // 03:00 EDT = 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), opening.ToUniversalTime());
    }

    [Fact]
    public void Window_opening_in_the_repeated_autumn_hour_takes_its_first_occurrence()
    {
        var window = new CallingWindow(new TimeOnly(1, 30), new TimeOnly(21, 0));
        var midnight = new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);

        var opening = window.NextOpening(midnight, NewYork);

        // 01:30 EDT (first occurrence) = 05:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), opening.ToUniversalTime());
    }

    [Fact]
    public void Window_after_closing_opens_the_next_morning()
    {
        var evening = new DateTimeOffset(2026, 6, 1, 22, 0, 0, TimeSpan.FromHours(-4));

        var opening = CallingWindow.UsDefault.NextOpening(evening, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.FromHours(-4)), opening);
    }

    [Fact]
    public void Weekday_window_skips_closed_days()
    {
        // Friday 2026-06-05 22:00 in New York; the window is Mon–Fri 9:00–17:00.
        var window = new CallingWindow(Enum.GetValues<DayOfWeek>()
            .Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new DayWindow(d, new TimeOnly(9, 0), new TimeOnly(17, 0))));
        var fridayNight = new DateTimeOffset(2026, 6, 5, 22, 0, 0, TimeSpan.FromHours(-4));

        Assert.False(window.IsOpenAt(new DateTimeOffset(2026, 6, 6, 12, 0, 0, TimeSpan.FromHours(-4)), NewYork));
        Assert.Equal(new DateTimeOffset(2026, 6, 8, 9, 0, 0, TimeSpan.FromHours(-4)), window.NextOpening(fridayNight, NewYork));
    }

    [Fact]
    public void Window_with_no_open_day_is_refused() =>
        Assert.Throws<ArgumentException>(() => new CallingWindow([]));

    [Fact]
    public void Window_must_close_after_it_opens() =>
        Assert.Throws<ArgumentException>(() => new CallingWindow(new TimeOnly(21, 0), new TimeOnly(8, 0)));
}
