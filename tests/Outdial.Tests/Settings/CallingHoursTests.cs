using Outdial.Settings;

namespace Outdial.Tests.Settings;

public sealed class CallingHoursTests
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2026-11-27T07:00:00Z", true)] // Friday 08:00 in Prague (UTC+1)
    [InlineData("2026-11-27T06:59:59Z", false)]
    [InlineData("2026-11-27T19:59:59Z", true)] // 20:59:59
    [InlineData("2026-11-27T20:00:00Z", false)] // 21:00, the end is exclusive
    [InlineData("2026-11-28T10:00:00Z", false)] // Saturday
    [InlineData("2026-03-30T06:00:00Z", true)] // Monday after the spring change: 08:00 CEST (UTC+2)
    [InlineData("2026-03-30T05:30:00Z", false)] // 07:30 CEST
    [InlineData("2026-10-26T06:30:00Z", false)] // Monday after the autumn change: 07:30 CET
    [InlineData("2026-10-26T07:00:00Z", true)] // 08:00 CET
    public void The_default_hours_apply_in_the_contacts_local_time_across_daylight_saving(string instant, bool open) =>
        Assert.Equal(open, CallingHours.Default.IsOpen(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), Prague));

    [Fact]
    public void The_same_instant_can_be_open_in_one_zone_and_closed_in_another()
    {
        var instant = new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero); // 14:30 Prague, 08:30 New York

        Assert.True(CallingHours.Default.IsOpen(instant, Prague));
        Assert.True(CallingHours.Default.IsOpen(instant, NewYork));
        Assert.False(CallingHours.Default.IsOpen(instant.AddHours(-2), NewYork)); // 06:30 New York
    }

    [Fact]
    public void Hours_round_trip_through_their_text_form()
    {
        var hours = CallingHours.Parse("Sat 09:00-13:00; mon 08:00-20:00");

        Assert.Equal("Mon 08:00-20:00; Sat 09:00-13:00", hours.ToString());
        Assert.Equal(hours, CallingHours.Parse(hours.ToString()));
    }

    [Theory]
    [InlineData("Mon 21:00-08:00")]
    [InlineData("Mon 08:00-12:00; Mon 13:00-17:00")]
    [InlineData("Funday 08:00-12:00")]
    [InlineData("Mon 8-12")]
    public void Impossible_hours_are_refused(string text) =>
        Assert.Throws<InvalidInputProblem>(() => CallingHours.Parse(text));
}
