using System.Text;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>One <c>;name=value</c> (or <c>;name</c>) parameter of a URI, Via or name-addr.</summary>
internal readonly record struct SipParameter(string Name, string? Value);

internal static class SipParameters
{
    /// <summary>Parses <c>;a=b;c</c> (empty text is no parameters). Quoted values keep their quotes.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out List<SipParameter> parameters)
    {
        parameters = [];
        text = text.Trim();
        while (!text.IsEmpty)
        {
            if (text[0] != ';')
            {
                return false;
            }

            text = text[1..].TrimStart();
            var end = IndexOfUnquoted(text, ';');
            var item = (end < 0 ? text : text[..end]).Trim();
            text = end < 0 ? [] : text[end..];
            var equals = item.IndexOf('=');
            var name = (equals < 0 ? item : item[..equals]).Trim();
            if (!SipSyntax.IsToken(name))
            {
                return false;
            }

            string? value = null;
            if (equals >= 0)
            {
                var raw = item[(equals + 1)..].Trim();
                if (raw.IsEmpty || !(SipSyntax.IsQuoted(raw) || SipSyntax.IsParameterValue(raw)))
                {
                    return false;
                }

                value = raw.ToString();
            }

            parameters.Add(new SipParameter(name.ToString(), value));
        }

        return true;
    }

    public static string? Get(this IReadOnlyList<SipParameter> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }

        return null;
    }

    public static bool Has(this IReadOnlyList<SipParameter> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy with <paramref name="name"/> set (replaced in place, or appended).</summary>
    public static List<SipParameter> With(this IReadOnlyList<SipParameter> parameters, string name, string? value)
    {
        var copy = new List<SipParameter>(parameters.Count + 1);
        var replaced = false;
        foreach (var parameter in parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                copy.Add(new SipParameter(parameter.Name, value));
                replaced = true;
            }
            else
            {
                copy.Add(parameter);
            }
        }

        if (!replaced)
        {
            copy.Add(new SipParameter(name, value));
        }

        return copy;
    }

    public static void AppendTo(this IReadOnlyList<SipParameter> parameters, StringBuilder text)
    {
        foreach (var parameter in parameters)
        {
            text.Append(';').Append(parameter.Name);
            if (parameter.Value is not null)
            {
                text.Append('=').Append(parameter.Value);
            }
        }
    }

    public static bool SameAs(this IReadOnlyList<SipParameter> left, IReadOnlyList<SipParameter> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!left[i].Name.Equals(right[i].Name, StringComparison.OrdinalIgnoreCase) || left[i].Value != right[i].Value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Index of <paramref name="separator"/> outside double quotes and angle brackets, or -1.</summary>
    public static int IndexOfUnquoted(ReadOnlySpan<char> text, char separator)
    {
        var quoted = false;
        var angle = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                angle++;
            }
            else if (c == '>' && angle > 0)
            {
                angle--;
            }
            else if (c == separator && angle == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Splits a comma-separated header value (Via, Contact, Route, …) outside quotes and brackets.</summary>
    public static List<string> SplitList(string value)
    {
        var items = new List<string>();
        var rest = value.AsSpan();
        while (true)
        {
            var comma = IndexOfUnquoted(rest, ',');
            var item = (comma < 0 ? rest : rest[..comma]).Trim();
            items.Add(item.ToString());
            if (comma < 0)
            {
                return items;
            }

            rest = rest[(comma + 1)..];
        }
    }
}

/// <summary>RFC 3261 §25 character classes the parsers check against.</summary>
internal static class SipSyntax
{
    public static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A token, or a host (IPv6 brackets and colons allowed), as parameter values are.</summary>
    public static bool IsParameterValue(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(IsTokenChar(c) || c is '[' or ']' or ':' or '/' or '@' or '&' or '$' or '=' or '?'))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    public static bool IsQuoted(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"' || char.IsControl(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static string Unquote(string text) =>
        IsQuoted(text) ? text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : text;

    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static bool IsHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == '[')
        {
            return host.Length > 2 && host[^1] == ']' && System.Net.IPAddress.TryParse(host[1..^1], out var address)
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port is > 0 and <= 65535;
    }

    /// <summary>Splits <c>host[:port]</c>; IPv6 hosts in brackets.</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port)
    {
        host = "";
        port = null;
        int colon;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            colon = close + 1 < text.Length ? close + 1 : -1;
            if (colon >= 0 && text[colon] != ':')
            {
                return false;
            }
        }
        else
        {
            colon = text.IndexOf(':');
        }

        var hostPart = colon < 0 ? text : text[..colon];
        if (!IsHost(hostPart))
        {
            return false;
        }

        if (colon >= 0)
        {
            if (!TryParsePort(text[(colon + 1)..], out var value))
            {
                return false;
            }

            port = value;
        }

        host = hostPart.ToString();
        return true;
    }
}
