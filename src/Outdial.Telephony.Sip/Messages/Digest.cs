using System.Security.Cryptography;
using System.Text;

namespace Outdial.Telephony.Sip.Messages;

/// <summary>A digest challenge from WWW-Authenticate or Proxy-Authenticate (RFC 2617, RFC 7616, RFC 8760).</summary>
internal sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, string Algorithm, bool OffersQopAuth, bool Stale)
{
    public static bool TryParse(string headerValue, out DigestChallenge challenge)
    {
        challenge = null!;
        var text = headerValue.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || text.Length < 7 || text[6] is not (' ' or '\t'))
        {
            return false;
        }

        var fields = ParseFields(text[7..].ToString());
        if (fields is null || !fields.TryGetValue("realm", out var realm) || !fields.TryGetValue("nonce", out var nonce))
        {
            return false;
        }

        var algorithm = fields.GetValueOrDefault("algorithm") ?? "MD5";
        var qop = fields.GetValueOrDefault("qop");
        var offersAuth = qop is not null && qop.Split(',').Any(option => option.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
        var stale = string.Equals(fields.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase);
        challenge = new DigestChallenge(realm, nonce, fields.GetValueOrDefault("opaque"), algorithm, offersAuth, stale);
        return true;
    }

    /// <summary>Splits <c>a="b", c=d</c> into a dictionary (names lower case); null when malformed.</summary>
    internal static Dictionary<string, string>? ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in SipParameters.SplitList(text))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }

            var name = item[..equals].Trim();
            var value = item[(equals + 1)..].Trim();
            if (!SipSyntax.IsToken(name))
            {
                return null;
            }

            fields[name] = SipSyntax.Unquote(value);
        }

        return fields;
    }
}

/// <summary>Digest responses (RFC 2617 §3.2.2; RFC 7616 for SHA-256). Only qop=auth or no qop.</summary>
internal static class DigestAuthentication
{
    public static bool Supports(string algorithm) =>
        algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase) || algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>response</c> value. With <paramref name="qop"/> null the RFC 2069 form (no nc, cnonce).</summary>
    public static string Response(string algorithm, string user, string realm, string password, string method, string uri,
        string nonce, string? qop, string? nonceCount, string? clientNonce)
    {
        var ha1 = Hash(algorithm, $"{user}:{realm}:{password}");
        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return qop is null
            ? Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    /// <summary>The Authorization / Proxy-Authorization header value answering <paramref name="challenge"/>.</summary>
    public static string Authorization(DigestChallenge challenge, string user, string password, string method, string uri,
        string clientNonce, int nonceCount = 1)
    {
        var qop = challenge.OffersQopAuth ? "auth" : null;
        var nc = nonceCount.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var response = Response(challenge.Algorithm, user, challenge.Realm, password, method, uri, challenge.Nonce, qop, nc, clientNonce);
        var text = new StringBuilder(256)
            .Append("Digest username=").Append(SipSyntax.Quote(user))
            .Append(", realm=").Append(SipSyntax.Quote(challenge.Realm))
            .Append(", nonce=").Append(SipSyntax.Quote(challenge.Nonce))
            .Append(", uri=").Append(SipSyntax.Quote(uri))
            .Append(", response=").Append(SipSyntax.Quote(response))
            .Append(", algorithm=").Append(challenge.Algorithm);
        if (challenge.Opaque is not null)
        {
            text.Append(", opaque=").Append(SipSyntax.Quote(challenge.Opaque));
        }

        if (qop is not null)
        {
            text.Append(", qop=").Append(qop).Append(", nc=").Append(nc).Append(", cnonce=").Append(SipSyntax.Quote(clientNonce));
        }

        return text.ToString();
    }

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase) ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToHexStringLower(digest);
    }
}
