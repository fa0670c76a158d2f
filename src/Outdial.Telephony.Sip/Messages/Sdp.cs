using System.Net;
using System.Text;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>One <c>x=value</c> line of an SDP description.</summary>
internal readonly record struct SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}

/// <summary>An <c>m=</c> section: media, port, protocol, formats, and its lines in order.</summary>
internal sealed record SdpMedia(string MediaType, int Port, string Protocol, IReadOnlyList<string> Formats, IReadOnlyList<SdpLine> Lines)
{
    public IEnumerable<string> Attributes => Lines.Where(line => line.Type == 'a').Select(line => line.Value);

    /// <summary>The <c>a=rtpmap</c> encoding names by payload type (static types 0 and 8 implied).</summary>
    public IReadOnlyDictionary<string, string> Encodings
    {
        get
        {
            var encodings = new Dictionary<string, string>();
            foreach (var format in Formats)
            {
                if (format == "0")
                {
                    encodings[format] = "PCMU/8000";
                }
                else if (format == "8")
                {
                    encodings[format] = "PCMA/8000";
                }
            }

            foreach (var attribute in Attributes)
            {
                if (attribute.StartsWith("rtpmap:", StringComparison.Ordinal) && attribute.IndexOf(' ') is > 7 and var space)
                {
                    encodings[attribute[7..space]] = attribute[(space + 1)..];
                }
            }

            return encodings;
        }
    }
}

/// <summary>
/// An SDP session description (RFC 4566), the audio subset Outdial needs typed (v o s c t m a);
/// every line is kept verbatim in order, so a description passed through 3PCC is unchanged.
/// </summary>
internal sealed record SdpSession(IReadOnlyList<SdpLine> SessionLines, IReadOnlyList<SdpMedia> Media)
{
    public const string ContentType = "application/sdp";

    public string Origin => Session('o')!;

    public string SessionName => Session('s')!;

    /// <summary>The connection address of the first audio stream (its own c= line, else the session's).</summary>
    public IPAddress? AudioAddress
    {
        get
        {
            var audio = Media.FirstOrDefault(media => media.MediaType == "audio");
            var connection = audio?.Lines.FirstOrDefault(line => line.Type == 'c').Value ?? Session('c');
            var parts = connection?.Split(' ');
            return parts is { Length: 3 } && IPAddress.TryParse(parts[2].Split('/')[0], out var address) ? address : null;
        }
    }

    /// <summary>sendrecv, sendonly, recvonly or inactive of the first audio stream (RFC 4566 §6; default sendrecv).</summary>
    public string AudioDirection
    {
        get
        {
            string[] directions = ["sendrecv", "sendonly", "recvonly", "inactive"];
            var audio = Media.FirstOrDefault(media => media.MediaType == "audio");
            return audio?.Attributes.FirstOrDefault(directions.Contains)
                ?? SessionLines.Where(line => line.Type == 'a').Select(line => line.Value).FirstOrDefault(directions.Contains)
                ?? "sendrecv";
        }
    }

    private string? Session(char type)
    {
        foreach (var line in SessionLines)
        {
            if (line.Type == type)
            {
                return line.Value;
            }
        }

        return null;
    }

    public static bool TryParse(string text, out SdpSession session)
    {
        session = null!;
        var sessionLines = new List<SdpLine>();
        var media = new List<SdpMedia>();
        List<SdpLine>? mediaLines = null;
        string[]? mediaHeader = null;
        var first = true;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                return false;
            }

            var parsed = new SdpLine(line[0], line[2..]);
            if (first && (parsed.Type != 'v' || parsed.Value != "0"))
            {
                return false;
            }

            first = false;
            if (parsed.Type == 'm')
            {
                if (!CloseMedia(mediaHeader, mediaLines, media))
                {
                    return false;
                }

                mediaHeader = parsed.Value.Split(' ');
                mediaLines = [];
            }
            else if (parsed.Type == 'c' && !IsConnection(parsed.Value))
            {
                return false;
            }
            else
            {
                (mediaLines ?? sessionLines).Add(parsed);
            }
        }

        if (first || !CloseMedia(mediaHeader, mediaLines, media))
        {
            return false;
        }

        // o=, s= and t= are required (RFC 4566 §5).
        if (!sessionLines.Any(line => line.Type == 'o') || !sessionLines.Any(line => line.Type == 's')
            || !sessionLines.Any(line => line.Type == 't') || sessionLines.First(line => line.Type == 'o').Value.Split(' ').Length != 6)
        {
            return false;
        }

        session = new SdpSession(sessionLines, media);
        return true;
    }

    private static bool CloseMedia(string[]? header, List<SdpLine>? lines, List<SdpMedia> media)
    {
        if (header is null || lines is null)
        {
            return true;
        }

        if (header.Length < 4 || !SipSyntax.IsToken(header[0]) || !int.TryParse(header[1].Split('/')[0], out var port)
            || port is < 0 or > 65535 || !SipSyntax.IsParameterValue(header[2]))
        {
            return false;
        }

        media.Add(new SdpMedia(header[0], port, header[2], header[3..], lines));
        return true;
    }

    private static bool IsConnection(string value)
    {
        var parts = value.Split(' ');
        return parts.Length == 3 && parts[0] == "IN" && parts[1] is "IP4" or "IP6" && parts[2].Length > 0;
    }

    /// <summary>An audio offer: PCMU, PCMA and telephone-event on <paramref name="port"/> at <paramref name="address"/>.</summary>
    public static SdpSession AudioOffer(IPAddress address, int port, string direction = "sendrecv", long sessionId = 0)
    {
        var family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var id = sessionId == 0 ? Random.Shared.NextInt64(1, long.MaxValue / 2) : sessionId;
        return new SdpSession(
            [
                new SdpLine('v', "0"),
                new SdpLine('o', $"outdial {id} {id} IN {family} {address}"),
                new SdpLine('s', "Outdial"),
                new SdpLine('c', $"IN {family} {address}"),
                new SdpLine('t', "0 0"),
            ],
            [
                new SdpMedia("audio", port, "RTP/AVP", ["0", "8", "101"],
                [
                    new SdpLine('a', "rtpmap:0 PCMU/8000"),
                    new SdpLine('a', "rtpmap:8 PCMA/8000"),
                    new SdpLine('a', "rtpmap:101 telephone-event/8000"),
                    new SdpLine('a', "fmtp:101 0-16"),
                    new SdpLine('a', direction),
                ]),
            ]);
    }

    public override string ToString()
    {
        var text = new StringBuilder(256);
        foreach (var line in SessionLines)
        {
            text.Append(line).Append("\r\n");
        }

        foreach (var media in Media)
        {
            text.Append("m=").Append(media.MediaType).Append(' ').Append(media.Port).Append(' ').Append(media.Protocol);
            foreach (var format in media.Formats)
            {
                text.Append(' ').Append(format);
            }

            text.Append("\r\n");
            foreach (var line in media.Lines)
            {
                text.Append(line).Append("\r\n");
            }
        }

        return text.ToString();
    }
}
