using PhoneNumbers;

namespace Outdial.Contacts;

/// <summary>
/// A phone number as a person wrote it, with its E.164 form when it could be understood.
/// Numbers that cannot be parsed are kept (a person may fix them later) but are never dialled.
/// </summary>
public sealed record PhoneNumber(string Original, string? E164, string? Region)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public const int MaxLength = 64;

    public bool IsValid => E164 is not null;

    /// <summary>
    /// Parses <paramref name="text"/> such as <c>+420 777 123 456</c>, <c>00420777123456</c> or
    /// <c>777-123-456</c>; numbers without a country code are read as numbers of <paramref name="defaultRegion"/>
    /// (ISO 3166 code, e.g. "CZ").
    /// </summary>
    public static PhoneNumber Parse(string text, string defaultRegion)
    {
        var original = text.Trim();
        if (original.Length is 0 or > MaxLength)
        {
            return new PhoneNumber(original, null, null);
        }

        try
        {
            var parsed = Util.Parse(original, defaultRegion);
            return Util.IsValidNumber(parsed)
                ? new PhoneNumber(original, Util.Format(parsed, PhoneNumberFormat.E164), Util.GetRegionCodeForNumber(parsed))
                : new PhoneNumber(original, null, null);
        }
        catch (NumberParseException)
        {
            return new PhoneNumber(original, null, null);
        }
    }

    /// <summary>The E.164 form of <paramref name="text"/>, or null when it is not a valid number.</summary>
    public static string? ToE164(string text, string defaultRegion) => Parse(text, defaultRegion).E164;

    /// <summary>
    /// The IANA time zone of the number when its country (or area) has exactly one, e.g.
    /// "Europe/Prague" for +420; null for countries that span several zones.
    /// </summary>
    public string? SingleTimeZone()
    {
        if (E164 is null)
        {
            return null;
        }

        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        var zones = mapper.GetTimeZonesForNumber(Util.Parse(E164, null));
        return zones.Count == 1 && zones[0] != mapper.GetUnknownTimeZone() ? zones[0] : null;
    }

    /// <summary>Checks that a default region is one libphonenumber knows, e.g. "CZ", "US".</summary>
    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region);
}
