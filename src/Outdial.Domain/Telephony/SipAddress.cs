using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Outdial.Operators;

/// <summary>
/// Where an operator's phone (a desk phone or a soft phone) takes calls: a SIP address such as
/// <c>sip:agent7@10.0.0.15:5060</c>. The built-in SIP telephony connects answered calls to it by
/// third-party call control (docs/sip.md).
/// </summary>
public sealed record OperatorPhone
{
    public const int MaxLength = 300;

    private OperatorPhone(string address) => Address = address;

    /// <summary>The address as stored, e.g. <c>sip:agent7@10.0.0.15:5060;transport=tcp</c>.</summary>
    public string Address { get; }

    /// <summary>Accepts <c>sip:</c> or <c>sips:</c>, an optional user, a host, an optional port (1–65535) and parameters; no spaces.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out OperatorPhone? phone, [NotNullWhen(false)] out string? error)
    {
        phone = null;
        var address = text?.Trim() ?? "";
        error = Check(address);
        if (error is not null)
        {
            return false;
        }

        phone = new OperatorPhone(address);
        return true;
    }

    public override string ToString() => Address;

    private static string? Check(string address)
    {
        const string Example = "Write it like sip:agent7@10.0.0.15:5060.";
        if (address.Length == 0)
        {
            return $"Enter the SIP address of the operator's phone. {Example}";
        }

        if (address.Length > MaxLength)
        {
            return $"The phone address is longer than {MaxLength} characters.";
        }

        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"'))
        {
            return $"The phone address may not contain spaces, quotes or angle brackets. {Example}";
        }

        var rest = address.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? address[4..]
            : address.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? address[5..]
            : null;
        if (rest is null)
        {
            return $"The phone address must start with sip: or sips:. {Example}";
        }

        var hostPart = rest.Split(';', 2)[0];
        var at = hostPart.LastIndexOf('@');
        if (at == 0)
        {
            return $"The phone address has an empty user before '@'. {Example}";
        }

        hostPart = hostPart[(at + 1)..];
        var colon = hostPart.StartsWith('[') ? hostPart.IndexOf("]:", StringComparison.Ordinal) + 1 : hostPart.LastIndexOf(':');
        var host = colon > 0 ? hostPart[..colon] : hostPart;
        if (host.Length == 0 || host == "[]")
        {
            return $"The phone address has no host. {Example}";
        }

        if (colon > 0 && !(int.TryParse(hostPart[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535))
        {
            return $"The port of the phone address must be a number from 1 to 65535. {Example}";
        }

        return null;
    }
}
