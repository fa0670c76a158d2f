using System.Globalization;

namespace Outdial.Settings;

/// <summary>One day's calling window, in the called person's local time; <see cref="To"/> is exclusive.</summary>
public sealed record DayHours(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>
/// When people may be called, per weekday, in their own time zone. A day that is not listed is
/// closed. Written as text like "Mon 08:00-21:00; Tue 08:00-21:00".
/// </summary>
public sealed record CallingHours
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public CallingHours(IEnumerable<DayHours> days)
    {
        var list = days.OrderBy(d => ((int)d.Day + 6) % 7).ToList();
        var errors = new Dictionary<string, string[]>();
        foreach (var duplicate in list.GroupBy(d => d.Day).Where(g => g.Count() > 1))
        {
            errors[$"callingHours.{DayNames[(int)duplicate.Key]}"] = ["Give each day at most one window."];
        }

        foreach (var day in list.Where(d => d.From >= d.To))
        {
            errors[$"callingHours.{DayNames[(int)day.Day]}"] = [$"The window must start before it ends ({day.From:HH\\:mm}-{day.To:HH\\:mm})."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        Days = list;
    }

    public IReadOnlyList<DayHours> Days { get; }

    /// <summary>Monday to Friday, 8:00 to 21:00 (the US rule; a safe default elsewhere).</summary>
    public static CallingHours Default { get; } = new(
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new DayHours(d, new TimeOnly(8, 0), new TimeOnly(21, 0))));

    /// <summary>Every day, all day (demos and tests; real campaigns keep the legal hours).</summary>
    public static CallingHours Always { get; } = new(Enum.GetValues<DayOfWeek>().Select(d => new DayHours(d, TimeOnly.MinValue, TimeOnly.MaxValue)));

    /// <summary>Whether <paramref name="instant"/> falls inside the window of its local weekday in <paramref name="zone"/>.</summary>
    public bool IsOpen(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return Days.Any(d => d.Day == local.DayOfWeek && time >= d.From && time < d.To);
    }

    public override string ToString() =>
        string.Join("; ", Days.Select(d => $"{DayNames[(int)d.Day]} {d.From.ToString("HH:mm", CultureInfo.InvariantCulture)}-{d.To.ToString("HH:mm", CultureInfo.InvariantCulture)}"));

    /// <summary>Reads "Mon 08:00-21:00; Sat 09:00-13:00"; an empty text means never.</summary>
    public static CallingHours Parse(string text)
    {
        var days = new List<DayHours>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            var day = Array.FindIndex(DayNames, n => string.Equals(n, pieces.ElementAtOrDefault(0), StringComparison.OrdinalIgnoreCase));
            if (pieces.Length != 3 || day < 0
                || !TimeOnly.TryParseExact(pieces[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(pieces[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            {
                throw new InvalidInputProblem("callingHours", $"'{part}' is not a day's window; write e.g. 'Mon 08:00-21:00'.");
            }

            days.Add(new DayHours((DayOfWeek)day, from, to));
        }

        return new CallingHours(days);
    }

    public bool Equals(CallingHours? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
