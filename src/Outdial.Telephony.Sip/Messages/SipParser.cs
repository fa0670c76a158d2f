using System.Text;
using System.Text.Unicode;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>What is wrong with a message the parser refused; the text becomes a 400's reason phrase.</summary>
internal enum SipParseError
{
    Empty,
    TooLarge,
    NotUtf8,
    NoEndOfHeaders,
    BadStartLine,
    BadVersion,
    BadStatusCode,
    BadRequestUri,
    BadHeaderLine,
    FoldedHeader,
    TooManyHeaders,
    MissingHeader,
    DuplicateHeader,
    BadHeaderValue,
    CSeqMethodMismatch,
    MissingContentLength,
    BadContentLength,
    TruncatedBody,
}

/// <summary>A refused message: why, and the headers read so far (a readable Via lets us answer 400).</summary>
internal sealed record SipParseFailure(SipParseError Error, string Reason, bool IsRequest, IReadOnlyList<SipHeader> Headers)
{
    /// <summary>The top Via, when one can be read: a malformed request is then answered 400 there (§8.2.2).</summary>
    public SipVia? ReadableVia =>
        Headers.FirstOrDefault(header => header.Name == SipHeaderNames.Via).Value is { } value
        && SipVia.TryParse(SipParameters.SplitList(value)[0], out var via) ? via : null;
}

internal readonly record struct SipParseResult(SipMessage? Message, SipParseFailure? Failure)
{
    public bool Succeeded => Message is not null;
}

/// <summary>
/// The strict SIP parser (RFC 3261 §7, §20, §25). It never throws on input: every fault is a
/// <see cref="SipParseFailure"/>. Header folding is refused; compact header names are expanded.
/// </summary>
internal static class SipParser
{
    /// <summary>The largest message accepted (a UDP datagram's limit).</summary>
    public const int MaxMessageSize = 65_535;

    public const int MaxHeaders = 128;

    /// <param name="streamed">True on TCP, where Content-Length is required to frame the message.</param>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, bool streamed = false)
    {
        if (data.Length > MaxMessageSize)
        {
            return Fail(SipParseError.TooLarge, "Message too large", false, []);
        }

        // RFC 5626 keep-alives and stray line ends before a message are skipped (§7.5).
        while (!data.IsEmpty && (data[0] == '\r' || data[0] == '\n'))
        {
            data = data[1..];
        }

        if (data.IsEmpty)
        {
            return Fail(SipParseError.Empty, "Empty message", false, []);
        }

        var headerEnd = FindEndOfHeaders(data, out var bodyStart);
        if (headerEnd < 0)
        {
            return Fail(SipParseError.NoEndOfHeaders, "No blank line after the headers", LooksLikeRequest(data), []);
        }

        var head = data[..headerEnd];
        if (!Utf8.IsValid(head))
        {
            return Fail(SipParseError.NotUtf8, "Headers are not UTF-8", LooksLikeRequest(data), []);
        }

        var text = Encoding.UTF8.GetString(head);
        var lines = text.Split('\n');
        var startLine = lines[0].TrimEnd('\r');
        var isRequest = !startLine.StartsWith("SIP/", StringComparison.Ordinal);
        var headers = new List<SipHeader>(Math.Min(lines.Length, MaxHeaders));
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                return Fail(SipParseError.FoldedHeader, "Folded header line", isRequest, headers);
            }

            var colon = line.IndexOf(':');
            var name = colon > 0 ? line.AsSpan(0, colon).TrimEnd() : [];
            if (!SipSyntax.IsToken(name))
            {
                return Fail(SipParseError.BadHeaderLine, "Malformed header line", isRequest, headers);
            }

            if (headers.Count == MaxHeaders)
            {
                return Fail(SipParseError.TooManyHeaders, "Too many headers", isRequest, headers);
            }

            headers.Add(new SipHeader(SipHeaderNames.Normalize(name.ToString()), line[(colon + 1)..].Trim()));
        }

        var fields = new Fields();
        if (ReadFields(headers, fields, streamed) is { } fault)
        {
            return Fail(fault.Error, fault.Reason, isRequest, headers);
        }

        var available = data.Length - bodyStart;
        int bodyLength;
        if (fields.ContentLength is { } declared)
        {
            if (declared > available)
            {
                return Fail(SipParseError.TruncatedBody, "Body shorter than Content-Length", isRequest, headers);
            }

            // On UDP, bytes beyond Content-Length are discarded (§18.3).
            bodyLength = declared;
        }
        else
        {
            bodyLength = available;
        }

        var body = data.Slice(bodyStart, bodyLength).ToArray();
        if (isRequest)
        {
            return ParseRequest(startLine, fields, body, headers);
        }

        return ParseResponse(startLine, fields, body, headers);
    }

    public static SipParseResult Parse(string text, bool streamed = false) => Parse(Encoding.UTF8.GetBytes(text), streamed);

    private static SipParseResult ParseRequest(string startLine, Fields fields, byte[] body, List<SipHeader> headers)
    {
        var parts = startLine.Split(' ');
        if (parts.Length != 3 || !SipSyntax.IsToken(parts[0]))
        {
            return Fail(SipParseError.BadStartLine, "Malformed request line", true, headers);
        }

        if (parts[2] != "SIP/2.0")
        {
            return Fail(SipParseError.BadVersion, "Unsupported SIP version", true, headers);
        }

        if (!SipUri.TryParse(parts[1], out var uri))
        {
            return Fail(SipParseError.BadRequestUri, "Malformed Request-URI", true, headers);
        }

        if (!fields.CSeq.Method.Equals(parts[0], StringComparison.Ordinal))
        {
            return Fail(SipParseError.CSeqMethodMismatch, "CSeq method does not match the request", true, headers);
        }

        return new SipParseResult(new SipRequest
        {
            Method = parts[0],
            RequestUri = uri,
            Vias = fields.Vias,
            From = fields.From!,
            To = fields.To!,
            CallId = fields.CallId!,
            CSeq = fields.CSeq,
            Contacts = fields.Contacts,
            MaxForwards = fields.MaxForwards,
            Headers = fields.Others,
            Body = body,
        }, null);
    }

    private static SipParseResult ParseResponse(string startLine, Fields fields, byte[] body, List<SipHeader> headers)
    {
        if (!startLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
        {
            return Fail(SipParseError.BadVersion, "Unsupported SIP version", false, headers);
        }

        var rest = startLine.AsSpan(8);
        if (rest.Length < 3 || !int.TryParse(rest[..3], System.Globalization.NumberStyles.None, null, out var code)
            || code is < 100 or > 699 || (rest.Length > 3 && rest[3] != ' '))
        {
            return Fail(SipParseError.BadStatusCode, "Malformed status code", false, headers);
        }

        return new SipParseResult(new SipResponse
        {
            StatusCode = code,
            Reason = rest.Length > 4 ? rest[4..].ToString() : "",
            Vias = fields.Vias,
            From = fields.From!,
            To = fields.To!,
            CallId = fields.CallId!,
            CSeq = fields.CSeq,
            Contacts = fields.Contacts,
            MaxForwards = fields.MaxForwards,
            Headers = fields.Others,
            Body = body,
        }, null);
    }

    private sealed class Fields
    {
        public List<SipVia> Vias { get; } = [];

        public SipNameAddress? From { get; set; }

        public SipNameAddress? To { get; set; }

        public string? CallId { get; set; }

        public SipCSeq CSeq { get; set; }

        public bool HasCSeq { get; set; }

        public List<SipNameAddress> Contacts { get; } = [];

        public int? MaxForwards { get; set; }

        public int? ContentLength { get; set; }

        public List<SipHeader> Others { get; } = [];
    }

    private readonly record struct Fault(SipParseError Error, string Reason);

    private static Fault? ReadFields(List<SipHeader> headers, Fields fields, bool streamed)
    {
        foreach (var (name, value) in headers)
        {
            switch (name)
            {
                case SipHeaderNames.Via:
                    foreach (var item in SipParameters.SplitList(value))
                    {
                        if (!SipVia.TryParse(item, out var via))
                        {
                            return new Fault(SipParseError.BadHeaderValue, "Malformed Via");
                        }

                        fields.Vias.Add(via);
                    }

                    break;
                case SipHeaderNames.From:
                case SipHeaderNames.To:
                    var isFrom = name == SipHeaderNames.From;
                    if ((isFrom ? fields.From : fields.To) is not null)
                    {
                        return new Fault(SipParseError.DuplicateHeader, $"More than one {name}");
                    }

                    if (!SipNameAddress.TryParse(value, out var address))
                    {
                        return new Fault(SipParseError.BadHeaderValue, $"Malformed {name}");
                    }

                    if (isFrom)
                    {
                        fields.From = address;
                    }
                    else
                    {
                        fields.To = address;
                    }

                    break;
                case SipHeaderNames.CallId:
                    if (fields.CallId is not null)
                    {
                        return new Fault(SipParseError.DuplicateHeader, "More than one Call-ID");
                    }

                    if (value.Length == 0 || value.AsSpan().ContainsAny(" \t<>\""))
                    {
                        return new Fault(SipParseError.BadHeaderValue, "Malformed Call-ID");
                    }

                    fields.CallId = value;
                    break;
                case SipHeaderNames.CSeq:
                    if (fields.HasCSeq)
                    {
                        return new Fault(SipParseError.DuplicateHeader, "More than one CSeq");
                    }

                    if (!SipCSeq.TryParse(value, out var cseq))
                    {
                        return new Fault(SipParseError.BadHeaderValue, "Malformed CSeq");
                    }

                    fields.CSeq = cseq;
                    fields.HasCSeq = true;
                    break;
                case SipHeaderNames.Contact:
                    if (value == "*")
                    {
                        fields.Others.Add(new SipHeader(name, value));
                        break;
                    }

                    foreach (var item in SipParameters.SplitList(value))
                    {
                        if (!SipNameAddress.TryParse(item, out var contact))
                        {
                            return new Fault(SipParseError.BadHeaderValue, "Malformed Contact");
                        }

                        fields.Contacts.Add(contact);
                    }

                    break;
                case SipHeaderNames.MaxForwards:
                    if (fields.MaxForwards is not null || !TryParseSmallNumber(value, 255, out var hops))
                    {
                        return new Fault(SipParseError.BadHeaderValue, "Malformed Max-Forwards");
                    }

                    fields.MaxForwards = hops;
                    break;
                case SipHeaderNames.ContentLength:
                    if (fields.ContentLength is not null || !TryParseSmallNumber(value, MaxMessageSize, out var length))
                    {
                        return new Fault(SipParseError.BadContentLength, "Malformed Content-Length");
                    }

                    fields.ContentLength = length;
                    break;
                default:
                    fields.Others.Add(new SipHeader(name, value));
                    break;
            }
        }

        if (fields.Vias.Count == 0)
        {
            return new Fault(SipParseError.MissingHeader, "Missing Via");
        }

        if (fields.From is null)
        {
            return new Fault(SipParseError.MissingHeader, "Missing From");
        }

        if (fields.To is null)
        {
            return new Fault(SipParseError.MissingHeader, "Missing To");
        }

        if (fields.CallId is null)
        {
            return new Fault(SipParseError.MissingHeader, "Missing Call-ID");
        }

        if (!fields.HasCSeq)
        {
            return new Fault(SipParseError.MissingHeader, "Missing CSeq");
        }

        if (streamed && fields.ContentLength is null)
        {
            return new Fault(SipParseError.MissingContentLength, "Missing Content-Length");
        }

        return null;
    }

    private static bool TryParseSmallNumber(string text, int max, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out value) && value <= max && text.Length <= 10;

    /// <summary>Index where the header block ends (before the blank line), or -1; <paramref name="bodyStart"/> after it.</summary>
    public static int FindEndOfHeaders(ReadOnlySpan<byte> data, out int bodyStart)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\n')
            {
                continue;
            }

            // A line end followed by an empty line: "\n\n" or "\n\r\n".
            if (i + 1 < data.Length && data[i + 1] == '\n')
            {
                bodyStart = i + 2;
                return i;
            }

            if (i + 2 < data.Length && data[i + 1] == '\r' && data[i + 2] == '\n')
            {
                bodyStart = i + 3;
                return i;
            }
        }

        bodyStart = -1;
        return -1;
    }

    private static bool LooksLikeRequest(ReadOnlySpan<byte> data) => !data.StartsWith("SIP/"u8);

    private static SipParseResult Fail(SipParseError error, string reason, bool isRequest, IReadOnlyList<SipHeader> headers) =>
        new(null, new SipParseFailure(error, reason, isRequest, headers));
}

/// <summary>Finds message boundaries in a TCP byte stream by Content-Length (RFC 3261 §18.3).</summary>
internal static class SipFraming
{
    public enum Status
    {
        Incomplete,
        Complete,
        Invalid,
    }

    /// <summary>Looks for one whole message at the start of <paramref name="buffer"/>.</summary>
    /// <param name="skip">Leading CRLF keep-alive bytes to drop before the message.</param>
    /// <param name="length">The message's length after those bytes.</param>
    public static Status TryFrame(ReadOnlySpan<byte> buffer, out int skip, out int length)
    {
        skip = 0;
        length = 0;
        while (skip < buffer.Length && (buffer[skip] == '\r' || buffer[skip] == '\n'))
        {
            skip++;
        }

        var data = buffer[skip..];
        var headerEnd = SipParser.FindEndOfHeaders(data, out var bodyStart);
        if (headerEnd < 0)
        {
            return data.Length > SipParser.MaxMessageSize ? Status.Invalid : Status.Incomplete;
        }

        var contentLength = -1;
        foreach (var range in data[..headerEnd].Split((byte)'\n'))
        {
            var line = data[..headerEnd][range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim((byte)' ');
            if (name.SequenceEqual("l"u8) || name.SequenceEqual("L"u8) || Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                var value = line[(colon + 1)..].Trim(" \t\r"u8);
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, null, out contentLength)
                    || contentLength > SipParser.MaxMessageSize)
                {
                    return Status.Invalid;
                }
            }
        }

        if (contentLength < 0)
        {
            return Status.Invalid;
        }

        if (data.Length < bodyStart + contentLength)
        {
            return Status.Incomplete;
        }

        length = bodyStart + contentLength;
        return Status.Complete;
    }
}
