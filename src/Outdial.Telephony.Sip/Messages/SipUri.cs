using System.Text;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>A <c>sip:</c> or <c>sips:</c> URI (RFC 3261 §19.1): user, host, port, parameters, headers.</summary>
internal sealed record SipUri(string Scheme, string? User, string Host, int? Port, IReadOnlyList<SipParameter> Parameters, string? Headers = null)
{
    public SipUri(string user, string host, int? port)
        : this("sip", user, host, port, [])
    {
    }

    /// <summary>The <c>transport</c> parameter in lower case, or null.</summary>
    public string? Transport => Parameters.Get("transport")?.ToLowerInvariant();

    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri)
    {
        uri = null!;
        text = text.Trim();
        string scheme;
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "sip";
            text = text[4..];
        }
        else if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "sips";
            text = text[5..];
        }
        else
        {
            return false;
        }

        string? headers = null;
        var question = text.IndexOf('?');
        if (question >= 0)
        {
            headers = text[(question + 1)..].ToString();
            text = text[..question];
        }

        string? user = null;
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = text[..at];
            if (userInfo.IsEmpty || userInfo.ContainsAny(" \t<>\"") )
            {
                return false;
            }

            user = userInfo.ToString();
            text = text[(at + 1)..];
        }

        var semicolon = text.IndexOf(';');
        var hostPort = semicolon < 0 ? text : text[..semicolon];
        if (!SipSyntax.TryParseHostPort(hostPort, out var host, out var port))
        {
            return false;
        }

        var parameters = new List<SipParameter>();
        if (semicolon >= 0 && !SipParameters.TryParse(text[semicolon..], out parameters))
        {
            return false;
        }

        uri = new SipUri(scheme, user, host, port, parameters, headers);
        return true;
    }

    public static SipUri? Parse(string text) => TryParse(text, out var uri) ? uri : null;

    public SipUri WithParameter(string name, string? value) => this with { Parameters = Parameters.With(name, value) };

    public SipUri WithoutParameters() => this with { Parameters = [], Headers = null };

    public override string ToString()
    {
        var text = new StringBuilder(64).Append(Scheme).Append(':');
        if (User is not null)
        {
            text.Append(User).Append('@');
        }

        text.Append(Host);
        if (Port is { } port)
        {
            text.Append(':').Append(port);
        }

        Parameters.AppendTo(text);
        if (Headers is not null)
        {
            text.Append('?').Append(Headers);
        }

        return text.ToString();
    }

    public bool Equals(SipUri? other) =>
        other is not null && string.Equals(Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase) && User == other.User
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port
        && Parameters.SameAs(other.Parameters) && Headers == other.Headers;

    public override int GetHashCode() => HashCode.Combine(Scheme.ToLowerInvariant(), User, Host.ToLowerInvariant(), Port);
}

/// <summary>A name-addr or addr-spec with header parameters (From, To, Contact, Route): <c>"Name" &lt;uri&gt;;tag=x</c>.</summary>
internal sealed record SipNameAddress(string? DisplayName, SipUri Uri, IReadOnlyList<SipParameter> Parameters)
{
    public SipNameAddress(SipUri uri)
        : this(null, uri, [])
    {
    }

    public string? Tag => Parameters.Get("tag");

    public SipNameAddress WithTag(string tag) => this with { Parameters = Parameters.With("tag", tag) };

    public static bool TryParse(ReadOnlySpan<char> text, out SipNameAddress address)
    {
        address = null!;
        text = text.Trim();
        string? display = null;
        if (text.StartsWith("\""))
        {
            var close = 1;
            while (close < text.Length && text[close] != '"')
            {
                close += text[close] == '\\' ? 2 : 1;
            }

            if (close >= text.Length)
            {
                return false;
            }

            display = SipSyntax.Unquote(text[..(close + 1)].ToString());
            text = text[(close + 1)..].TrimStart();
            if (!text.StartsWith("<"))
            {
                return false;
            }
        }

        var open = text.IndexOf('<');
        SipUri? uri;
        ReadOnlySpan<char> rest;
        if (open >= 0)
        {
            var close = text.IndexOf('>');
            if (close < open)
            {
                return false;
            }

            if (display is null && open > 0)
            {
                var token = text[..open].Trim();
                if (token.ContainsAny("\"<>;,"))
                {
                    return false;
                }

                display = token.IsEmpty ? null : token.ToString();
            }

            if (!SipUri.TryParse(text[(open + 1)..close], out uri))
            {
                return false;
            }

            rest = text[(close + 1)..];
        }
        else
        {
            // An addr-spec without brackets: its parameters belong to the header, not the URI (§20).
            var semicolon = text.IndexOf(';');
            if (!SipUri.TryParse(semicolon < 0 ? text : text[..semicolon], out uri))
            {
                return false;
            }

            rest = semicolon < 0 ? [] : text[semicolon..];
        }

        if (!SipParameters.TryParse(rest, out var parameters))
        {
            return false;
        }

        address = new SipNameAddress(display, uri, parameters);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(96);
        if (DisplayName is { Length: > 0 } name)
        {
            text.Append(SipSyntax.Quote(name)).Append(' ');
        }

        text.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(text);
        return text.ToString();
    }

    public bool Equals(SipNameAddress? other) =>
        other is not null && DisplayName == other.DisplayName && Uri.Equals(other.Uri) && Parameters.SameAs(other.Parameters);

    public override int GetHashCode() => HashCode.Combine(DisplayName, Uri);
}

/// <summary>One Via value: <c>SIP/2.0/UDP host:port;branch=z9hG4bK…;received=…;rport=…</c>.</summary>
internal sealed record SipVia(string Transport, string Host, int? Port, IReadOnlyList<SipParameter> Parameters)
{
    /// <summary>RFC 3261 §8.1.1.7: branch ids of compliant elements start with this cookie.</summary>
    public const string MagicCookie = "z9hG4bK";

    public string? Branch => Parameters.Get("branch");

    public string? Received => Parameters.Get("received");

    public bool HasRport => Parameters.Has("rport");

    public int? Rport => SipSyntax.TryParsePort(Parameters.Get("rport") ?? "", out var port) ? port : null;

    public SipVia With(string name, string? value) => this with { Parameters = Parameters.With(name, value) };

    public static bool TryParse(ReadOnlySpan<char> text, out SipVia via)
    {
        via = null!;
        text = text.Trim();
        // sent-protocol = "SIP" / "2.0" / transport, with optional whitespace around the slashes.
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            text = text.TrimStart();
            var end = i < 2 ? text.IndexOf('/') : text.IndexOfAny(" \t");
            if (end <= 0)
            {
                return false;
            }

            parts[i] = text[..end].Trim().ToString();
            text = text[(end + (i < 2 ? 1 : 0))..];
        }

        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase) || parts[1] != "2.0" || !SipSyntax.IsToken(parts[2]))
        {
            return false;
        }

        text = text.Trim();
        var semicolon = text.IndexOf(';');
        var sentBy = (semicolon < 0 ? text : text[..semicolon]).Trim();
        if (!SipSyntax.TryParseHostPort(sentBy, out var host, out var port))
        {
            return false;
        }

        var parameters = new List<SipParameter>();
        if (semicolon >= 0 && !SipParameters.TryParse(text[semicolon..], out parameters))
        {
            return false;
        }

        via = new SipVia(parts[2].ToUpperInvariant(), host, port, parameters);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(96).Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is { } port)
        {
            text.Append(':').Append(port);
        }

        Parameters.AppendTo(text);
        return text.ToString();
    }

    public bool Equals(SipVia? other) =>
        other is not null && Transport == other.Transport && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && Port == other.Port && Parameters.SameAs(other.Parameters);

    public override int GetHashCode() => HashCode.Combine(Transport, Host.ToLowerInvariant(), Port, Branch);
}

/// <summary>The CSeq header: sequence number and method.</summary>
internal readonly record struct SipCSeq(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, out SipCSeq cseq)
    {
        cseq = default;
        text = text.Trim();
        var space = text.IndexOfAny(" \t");
        if (space <= 0 || space > 10 || !uint.TryParse(text[..space], System.Globalization.NumberStyles.None, null, out var number)
            || number > int.MaxValue)
        {
            return false;
        }

        var method = text[space..].Trim();
        if (!SipSyntax.IsToken(method))
        {
            return false;
        }

        cseq = new SipCSeq(number, method.ToString());
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
