using System.Net;
using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Transport;

internal enum SipTransportKind
{
    Udp,
    Tcp,
}

/// <summary>A peer and the transport to reach it by.</summary>
internal readonly record struct SipEndPoint(SipTransportKind Transport, IPEndPoint Address)
{
    public const int DefaultPort = 5060;

    public bool IsReliable => Transport == SipTransportKind.Tcp;

    public string TransportName => Transport == SipTransportKind.Tcp ? "TCP" : "UDP";

    /// <summary>Where a request to <paramref name="uri"/> goes (RFC 3263 simplified: an IP literal or a name in DNS, port 5060 by default).</summary>
    public static bool TryResolve(SipUri uri, out SipEndPoint endPoint)
    {
        endPoint = default;
        var transport = uri.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp;
        var host = uri.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            try
            {
                address = Dns.GetHostAddresses(host).FirstOrDefault(candidate => candidate.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }

            if (address is null)
            {
                return false;
            }
        }

        endPoint = new SipEndPoint(transport, new IPEndPoint(address, uri.Port ?? DefaultPort));
        return true;
    }

    /// <summary>Where a response goes (§18.2.2, RFC 3581): the same connection on TCP, else received:rport or sent-by.</summary>
    public static SipEndPoint ForResponse(SipVia via, SipEndPoint source)
    {
        if (source.IsReliable)
        {
            return source;
        }

        var address = IPAddress.TryParse(via.Received ?? via.Host.Trim('[', ']'), out var parsed) ? parsed : source.Address.Address;
        return new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(address, via.Rport ?? via.Port ?? DefaultPort));
    }

    /// <summary>The top Via as the receiver sees it (§18.2.1, RFC 3581): received when the host differs, rport filled in.</summary>
    public static SipVia Stamp(SipVia via, SipEndPoint source)
    {
        var sourceAddress = source.Address.Address.ToString();
        if (via.Host.Trim('[', ']') != sourceAddress || via.HasRport)
        {
            via = via.With("received", sourceAddress);
        }

        if (via.HasRport)
        {
            via = via.With("rport", source.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return via;
    }

    public override string ToString() => $"{TransportName} {Address}";
}
