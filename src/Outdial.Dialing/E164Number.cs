using System.Collections.Frozen;

namespace Outdial.Dialing;

/// <summary>A telephone number in E.164 form: <c>+</c>, a country calling code and at most 15 digits in all.</summary>
public sealed record E164Number
{
    private E164Number(string e164) => E164 = e164;

    /// <summary>The number as <c>+</c> followed by digits, e.g. <c>+420777123456</c>.</summary>
    public string E164 { get; }

    /// <summary>
    /// The ITU-T E.164 country calling code. Codes are prefix-free: 1 and 7 have one digit, the
    /// listed two-digit codes have two, every other code has three.
    /// </summary>
    public string CountryCallingCode
    {
        get
        {
            var first = E164[1];
            if (first is '1' or '7')
            {
                return E164[1..2];
            }

            return TwoDigitCodes.Contains(E164.AsSpan(1, 2).ToString()) ? E164[1..3] : E164[1..Math.Min(4, E164.Length)];
        }
    }

    private static readonly FrozenSet<string> TwoDigitCodes = new[]
    {
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    }.ToFrozenSet();

    /// <summary>Reads an E.164 number; returns <c>false</c> for anything else (no national formats here).</summary>
    public static bool TryParse(string? text, out E164Number number)
    {
        number = null!;
        if (text is null || text.Length < 4 || text.Length > 16 || text[0] != '+' || text[1] == '0')
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        number = new E164Number(text);
        return true;
    }

    /// <summary>Reads an E.164 number.</summary>
    /// <exception cref="FormatException">The text is not <c>+</c> and 3–15 digits.</exception>
    public static E164Number Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not an E.164 number (+ and 3 to 15 digits).");

    public override string ToString() => E164;
}
