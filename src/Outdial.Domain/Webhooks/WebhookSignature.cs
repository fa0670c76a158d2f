using System.Security.Cryptography;
using System.Text;

namespace Outdial.Webhooks;

/// <summary>The <c>Outdial-Signature</c> header: an HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes.</summary>
public static class WebhookSignature
{
    public const string Scheme = "sha256=";

    /// <returns><c>sha256=</c> followed by the lowercase hex of the HMAC.</returns>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
