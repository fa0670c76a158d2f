using System.Text;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>Serializes messages: start line, the typed headers, the others in order, Content-Length, body.</summary>
internal static class SipWriter
{
    [ThreadStatic]
    private static StringBuilder? _cached;

    public static byte[] Write(SipMessage message)
    {
        var text = _cached ?? new StringBuilder(1024);
        _cached = null;
        text.Clear();
        AppendHead(text, message);
        var headLength = Encoding.UTF8.GetByteCount(text.ToString());
        var bytes = new byte[headLength + message.Body.Length];
        Encoding.UTF8.GetBytes(text.ToString(), bytes);
        message.Body.CopyTo(bytes.AsSpan(headLength));
        _cached = text;
        return bytes;
    }

    public static string WriteToString(SipMessage message) => Encoding.UTF8.GetString(Write(message));

    private static void AppendHead(StringBuilder text, SipMessage message)
    {
        switch (message)
        {
            case SipRequest request:
                text.Append(request.Method).Append(' ').Append(request.RequestUri).Append(" SIP/2.0\r\n");
                break;
            case SipResponse response:
                text.Append("SIP/2.0 ").Append(response.StatusCode).Append(' ').Append(response.Reason).Append("\r\n");
                break;
        }

        foreach (var via in message.Vias)
        {
            Line(text, SipHeaderNames.Via, via.ToString());
        }

        if (message.MaxForwards is { } hops)
        {
            Line(text, SipHeaderNames.MaxForwards, hops.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Line(text, SipHeaderNames.From, message.From.ToString());
        Line(text, SipHeaderNames.To, message.To.ToString());
        Line(text, SipHeaderNames.CallId, message.CallId);
        Line(text, SipHeaderNames.CSeq, message.CSeq.ToString());
        foreach (var contact in message.Contacts)
        {
            Line(text, SipHeaderNames.Contact, contact.ToString());
        }

        foreach (var header in message.Headers)
        {
            Line(text, header.Name, header.Value);
        }

        Line(text, SipHeaderNames.ContentLength, message.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.Append("\r\n");
    }

    private static void Line(StringBuilder text, string name, string value) => text.Append(name).Append(": ").Append(value).Append("\r\n");
}

/// <summary>Branch ids, tags and Call-IDs from a cryptographic source (§8.1.1.7, §19.3).</summary>
internal static class SipIds
{
    public static string NewBranch() => SipVia.MagicCookie + Random(16);

    public static string NewTag() => Random(8);

    public static string NewCallId() => Random(16);

    public static string NewNonce() => Random(12);

    private static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
        return Base32(buffer);
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder((bytes.Length * 8 / 5) + 1);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}

/// <summary>The 400 for a request the parser refused: what could be read of it is echoed (§8.2.2, §8.2.6).</summary>
internal static class BadRequestWriter
{
    /// <summary>The response bytes, or null when no answer is due (a response, an ACK, no readable Via).</summary>
    public static byte[]? Write(SipParseFailure failure, SipVia stampedVia)
    {
        if (!failure.IsRequest || failure.ReadableVia is null)
        {
            return null;
        }

        var cseq = failure.Headers.FirstOrDefault(header => header.Name == SipHeaderNames.CSeq).Value;
        if (cseq is not null && cseq.EndsWith(SipMethods.Ack, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = new StringBuilder(512).Append("SIP/2.0 400 ").Append(failure.Reason).Append("\r\n");
        var firstVia = true;
        foreach (var header in failure.Headers)
        {
            if (header.Name == SipHeaderNames.Via)
            {
                // The top Via gets received/rport like any request's; the rest are echoed as read.
                var value = firstVia ? string.Join(", ", [stampedVia.ToString(), .. SipParameters.SplitList(header.Value).Skip(1)]) : header.Value;
                text.Append("Via: ").Append(value).Append("\r\n");
                firstVia = false;
            }
            else if (header.Name is SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.CallId or SipHeaderNames.CSeq
                && !header.Value.AsSpan().ContainsAny("\r\n"))
            {
                text.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
            }
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
