using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Outdial.Telephony;

/// <summary>
/// A SIP address as people configure it: an operator's phone (<c>sip:agent7@10.0.0.15:5060</c>),
/// where the built-in SIP telephony connects their calls, or a trunk (<c>sip:carrier.example.com</c>).
/// The one check of such addresses outside the SIP stack (docs/telephony.md).
/// </summary>
public sealed record SipAddress
{
    public const int MaxLength = 300;

    private SipAddress(string address, string hostPort)
    {
        Address = address;
        HostPort = hostPort;
    }

    /// <summary>The address as stored, e.g. <c>sip:agent7@10.0.0.15:5060;transport=tcp</c>.</summary>
    public string Address { get; }

    /// <summary>The host and optional port, e.g. <c>10.0.0.15:5060</c>: where requests for this address go.</summary>
    public string HostPort { get; }

    /// <summary>Accepts <c>sip:</c> or <c>sips:</c>, an optional user, a host, an optional port (1–65535) and parameters; no spaces.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        var trimmed = text?.Trim() ?? "";
        error = Check(trimmed, out var hostPort);
        if (error is not null)
        {
            return false;
        }

        address = new SipAddress(trimmed, hostPort!);
        return true;
    }

    public override string ToString() => Address;

    private static string? Check(string address, out string? hostPort)
    {
        const string Example = "Write it like sip:agent7@10.0.0.15:5060.";
        hostPort = null;
        if (address.Length == 0)
        {
            return $"Enter the SIP address, such as sip:agent7@10.0.0.15:5060.";
        }

        if (address.Length > MaxLength)
        {
            return $"The SIP address is longer than {MaxLength} characters.";
        }

        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"'))
        {
            return $"The SIP address may not contain spaces, quotes or angle brackets. {Example}";
        }

        var rest = address.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? address[4..]
            : address.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ? address[5..]
            : null;
        if (rest is null)
        {
            return $"The SIP address must start with sip: or sips:. {Example}";
        }

        var userHostPort = rest.Split(';', 2)[0];
        var at = userHostPort.LastIndexOf('@');
        if (at == 0)
        {
            return $"The SIP address has an empty user before '@'. {Example}";
        }

        var candidate = userHostPort[(at + 1)..];
        var colon = candidate.StartsWith('[') ? candidate.IndexOf("]:", StringComparison.Ordinal) + 1 : candidate.LastIndexOf(':');
        var host = colon > 0 ? candidate[..colon] : candidate;
        if (host.Length == 0 || host == "[]")
        {
            return $"The SIP address has no host. {Example}";
        }

        if (colon > 0 && !(int.TryParse(candidate[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535))
        {
            return $"The port of the SIP address must be a number from 1 to 65535. {Example}";
        }

        hostPort = candidate;
        return null;
    }
}
