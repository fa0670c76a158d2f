using System.Net;
using Microsoft.Extensions.Options;

namespace Outdial.Telephony;

/// <summary>Configuration section <c>Telephony:Sip</c>: Outdial's own SIP user agent and the trunks it dials through.</summary>
public sealed class SipTelephonyOptions
{
    public const string Section = "Telephony:Sip";

    /// <summary>The address and port the user agent binds for UDP and TCP, e.g. <c>0.0.0.0:5070</c> (port 0 picks a free one).</summary>
    public string Listen { get; set; } = "127.0.0.1:5070";

    /// <summary>The IP address written into Via, Contact and SDP (needed when <see cref="Listen"/> is a wildcard, or behind NAT).</summary>
    public string? PublicAddress { get; set; }

    /// <summary>RFC 3261 T1 in milliseconds (round-trip estimate); tests shorten it.</summary>
    public int T1Ms { get; set; } = 500;

    /// <summary>RFC 3261 T2 in milliseconds.</summary>
    public int T2Ms { get; set; } = 4000;

    /// <summary>How long an operator's phone may ring before the connection to it counts as failed.</summary>
    public int OperatorRingSeconds { get; set; } = 15;

    /// <summary>Trunks in order of preference: a 5xx or no answer from one moves the call to the next.</summary>
    public List<SipTrunkOptions> Trunks { get; set; } = [];

    internal IPEndPoint ListenEndPoint => IPEndPoint.Parse(Listen);
}

/// <summary>One SIP trunk (a carrier or a PBX) under <c>Telephony:Sip:Trunks</c>.</summary>
public sealed class SipTrunkOptions
{
    /// <summary>Where INVITEs go, e.g. <c>sip:carrier.example.com:5060</c>.</summary>
    public string Address { get; set; } = "";

    /// <summary><c>udp</c> (default) or <c>tcp</c>.</summary>
    public string Transport { get; set; } = "udp";

    /// <summary>Digest user name, when the trunk challenges (401/407).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>REGISTER with the trunk (as <see cref="User"/>) and keep the registration fresh.</summary>
    public bool Register { get; set; }

    /// <summary>How the called number is written in the Request-URI: <c>{e164}</c> (+420777123456) or <c>{digits}</c> (420777123456), with any prefix, e.g. <c>0{digits}</c>.</summary>
    public string NumberFormat { get; set; } = "{e164}";

    /// <summary>How the caller ID is written in the From header, with the same placeholders.</summary>
    public string CallerIdFormat { get; set; } = "{e164}";

    /// <summary>Calls the trunk carries at once; empty for no limit. The pacing never plans more calls than the trunks carry.</summary>
    public int? Channels { get; set; }

    /// <summary>The host and optional port of <see cref="Address"/> (<c>sip:HOST[:PORT]</c>), or null when it is not a SIP address.</summary>
    internal string? HostPort => SipAddress.TryParse(Address, out var address, out _) ? address.HostPort : null;

    internal bool UsesTcp => Transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes a number with <paramref name="format"/>: <c>{e164}</c> with the plus, <c>{digits}</c> without.</summary>
    internal static string Format(string format, string e164) =>
        format.Replace("{e164}", e164, StringComparison.Ordinal).Replace("{digits}", e164.TrimStart('+'), StringComparison.Ordinal);
}

/// <summary>Checks <see cref="SipTelephonyOptions"/> when the server starts with the SIP provider, with messages that say what to fix.</summary>
public sealed class SipTelephonyOptionsValidation : IValidateOptions<SipTelephonyOptions>
{
    public ValidateOptionsResult Validate(string? name, SipTelephonyOptions options)
    {
        var errors = new List<string>();
        if (!IPEndPoint.TryParse(options.Listen, out var listen))
        {
            errors.Add($"Telephony:Sip:Listen is '{options.Listen}'; write an IP address and a port, such as 0.0.0.0:5070.");
        }
        else if ((listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any)) && string.IsNullOrEmpty(options.PublicAddress))
        {
            errors.Add($"Telephony:Sip:Listen is '{options.Listen}', on every address: set Telephony:Sip:PublicAddress to the IP address carriers and phones reach Outdial at, or they cannot send their BYEs.");
        }

        if (options.PublicAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"Telephony:Sip:PublicAddress is '{address}'; write an IP address, such as 203.0.113.10.");
        }

        if (options.T1Ms is < 10 or > 10_000 || options.T2Ms < options.T1Ms)
        {
            errors.Add("Telephony:Sip:T1Ms must be 10 to 10000 and T2Ms at least T1Ms (defaults 500 and 4000).");
        }

        if (options.OperatorRingSeconds is < 1 or > 120)
        {
            errors.Add("Telephony:Sip:OperatorRingSeconds must be 1 to 120.");
        }

        if (options.Trunks.Count == 0)
        {
            errors.Add("Telephony:Sip:Trunks is empty; add at least one trunk with an Address such as sip:carrier.example.com:5060.");
        }

        for (var i = 0; i < options.Trunks.Count; i++)
        {
            var trunk = options.Trunks[i];
            var at = $"Telephony:Sip:Trunks:{i}";
            if (trunk.HostPort is null)
            {
                errors.Add($"{at}:Address is '{trunk.Address}'; write it as sip:HOST:PORT.");
            }

            if (!trunk.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase) && !trunk.UsesTcp)
            {
                errors.Add($"{at}:Transport is '{trunk.Transport}'; use udp or tcp.");
            }

            if (trunk.Register && string.IsNullOrEmpty(trunk.User))
            {
                errors.Add($"{at}:Register is on but User is empty; registration needs the trunk's user name.");
            }

            foreach (var (key, format) in new[] { ("NumberFormat", trunk.NumberFormat), ("CallerIdFormat", trunk.CallerIdFormat) })
            {
                if (!format.Contains("{e164}", StringComparison.Ordinal) && !format.Contains("{digits}", StringComparison.Ordinal))
                {
                    errors.Add($"{at}:{key} is '{format}'; it must contain {{e164}} or {{digits}}.");
                }
            }

            if (trunk.Channels is <= 0)
            {
                errors.Add($"{at}:Channels must be a positive number of calls, or empty for no limit.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
