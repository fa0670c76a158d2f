using System.Globalization;
using System.Net;

namespace Outdial.Telephony;

/// <summary>
/// The SDP that Outdial, as the controller of RFC 3725's third-party call control, offers and
/// forwards. The customer is called first with a placeholder offer (no media yet, <c>a=inactive</c>);
/// when an operator is connected, the customer gets a re-INVITE carrying the operator phone's offer.
/// RFC 3264 §8 wants every offer in a dialog to keep the session origin of the first one with a
/// higher version, so the forwarded offer's <c>o=</c> line is rewritten to Outdial's origin.
/// </summary>
internal sealed class SessionOffer
{
    private readonly string _sessionId;
    private readonly string _address;
    private int _version = 1;

    public SessionOffer(IPAddress address, long sessionId)
    {
        _address = address.ToString();
        _sessionId = sessionId.ToString(CultureInfo.InvariantCulture);
    }

    private string AddressType => _address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";

    /// <summary>An audio offer with no media flowing (G.711 µ-law and A-law, DTMF events); the port is discard's, 9.</summary>
    public string Placeholder() => string.Join("\r\n",
        "v=0",
        $"o=outdial {_sessionId} {_version} IN {AddressType} {_address}",
        "s=Outdial",
        $"c=IN {AddressType} {_address}",
        "t=0 0",
        "m=audio 9 RTP/AVP 0 8 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=inactive",
        "");

    /// <summary>Another party's SDP carried on as Outdial's next offer in this dialog: same session origin, next version.</summary>
    public string Forward(string sdp)
    {
        _version++;
        var origin = $"o=outdial {_sessionId} {_version} IN {AddressType} {_address}";
        var lines = sdp.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var rewritten = lines.Select(line => line.StartsWith("o=", StringComparison.Ordinal) ? origin : line);
        return string.Join("\r\n", rewritten) + "\r\n";
    }
}
