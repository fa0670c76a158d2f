namespace Outdial.Contacts;

public static class TimeZones
{
    /// <summary>Whether <paramref name="id"/> is an IANA time zone id this machine knows, e.g. "Europe/Prague".</summary>
    public static bool IsKnown(string id)
    {
        if (id.Length is 0 or > 64 || !id.Contains('/') && id != "UTC")
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
    }
}
