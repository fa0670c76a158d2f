namespace Outdial.Telephony.Sip.Messages;

/// <summary>A header the parser does not model itself, kept as text under its full name.</summary>
internal readonly record struct SipHeader(string Name, string Value);

internal static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
}

internal static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string Expires = "Expires";
    public const string Allow = "Allow";
    public const string UserAgent = "User-Agent";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        // RFC 3261 §7.3.3 compact forms.
        ["v"] = Via, ["f"] = From, ["t"] = To, ["i"] = CallId, ["m"] = Contact, ["l"] = ContentLength,
        ["c"] = ContentType, ["k"] = "Supported", ["s"] = "Subject", ["e"] = "Content-Encoding",
        [Via] = Via, [From] = From, [To] = To, [CallId] = CallId, [CSeq] = CSeq, [Contact] = Contact,
        [MaxForwards] = MaxForwards, [ContentLength] = ContentLength, [ContentType] = ContentType, [Route] = Route,
        [RecordRoute] = RecordRoute, [WwwAuthenticate] = WwwAuthenticate, [ProxyAuthenticate] = ProxyAuthenticate,
        [Authorization] = Authorization, [ProxyAuthorization] = ProxyAuthorization, [Expires] = Expires, [Allow] = Allow,
        [UserAgent] = UserAgent, ["Supported"] = "Supported", ["Require"] = "Require", ["Server"] = "Server",
    };

    /// <summary>The full, canonically cased name of <paramref name="name"/> (compact forms expanded).</summary>
    public static string Normalize(string name) => Canonical.TryGetValue(name, out var canonical) ? canonical : name;
}

/// <summary>
/// A SIP message. The headers every transaction and dialog needs are parsed into typed values; the
/// rest stay as text in <see cref="Headers"/>, in order. Content-Length is derived from the body.
/// </summary>
internal abstract class SipMessage
{
    public List<SipVia> Vias { get; init; } = [];

    public required SipNameAddress From { get; set; }

    public required SipNameAddress To { get; set; }

    public required string CallId { get; init; }

    public required SipCSeq CSeq { get; set; }

    /// <summary>Every Contact value (REGISTER responses list several); empty when absent.</summary>
    public List<SipNameAddress> Contacts { get; init; } = [];

    public int? MaxForwards { get; set; }

    public List<SipHeader> Headers { get; init; } = [];

    public byte[] Body { get; set; } = [];

    public SipVia TopVia => Vias[0];

    public SipNameAddress? Contact => Contacts.Count > 0 ? Contacts[0] : null;

    public string? ContentType => Header(SipHeaderNames.ContentType);

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The first value of a header kept as text, or null.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of a comma-list header (Route, Record-Route, Allow …), across its lines.</summary>
    public List<string> HeaderList(string name)
    {
        var values = new List<string>();
        foreach (var header in Headers)
        {
            if (header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                values.AddRange(SipParameters.SplitList(header.Value));
            }
        }

        return values;
    }

    /// <summary>Every line of a header that must not be split at commas (WWW-Authenticate …).</summary>
    public IEnumerable<string> HeaderLines(string name) =>
        Headers.Where(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value);

    public void SetBody(string? contentType, string? body)
    {
        Headers.RemoveAll(header => header.Name == SipHeaderNames.ContentType);
        if (body is null)
        {
            Body = [];
            return;
        }

        if (contentType is not null)
        {
            Headers.Add(new SipHeader(SipHeaderNames.ContentType, contentType));
        }

        Body = System.Text.Encoding.UTF8.GetBytes(body);
    }
}

internal sealed class SipRequest : SipMessage
{
    public required string Method { get; init; }

    public required SipUri RequestUri { get; set; }
}

internal sealed class SipResponse : SipMessage
{
    public required int StatusCode { get; init; }

    public required string Reason { get; init; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A response to <paramref name="request"/> (§8.2.6): Via, From, To, Call-ID and CSeq copied; a To tag added when given.</summary>
    public static SipResponse For(SipRequest request, int statusCode, string reason, string? toTag = null) => new()
    {
        StatusCode = statusCode,
        Reason = reason,
        Vias = [.. request.Vias],
        From = request.From,
        To = toTag is not null && request.To.Tag is null ? request.To.WithTag(toTag) : request.To,
        CallId = request.CallId,
        CSeq = request.CSeq,
    };
}
