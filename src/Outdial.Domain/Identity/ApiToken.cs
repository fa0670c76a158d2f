using System.Security.Cryptography;
using System.Text;

namespace Outdial.Identity;

/// <summary>
/// A bearer token for the REST API. It acts with the permissions of its user. Only a SHA-256
/// hash of the secret is stored: a token has 256 random bits, so a fast hash is enough and
/// look-ups stay cheap on every request.
/// </summary>
public sealed class ApiToken
{
    /// <summary>Every token starts with this, so that secret scanners and people recognise it.</summary>
    public const string Prefix = "odt_";

    private ApiToken()
    {
    }

    private ApiToken(Guid id, Guid userId, string name, string hint, string secretHash, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        Id = id;
        UserId = userId;
        Name = name;
        Hint = hint;
        SecretHash = secretHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The first characters of the token, shown in lists so that a person can tell tokens apart.</summary>
    public string Hint { get; private set; } = "";

    public string SecretHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Creates a token; the returned text is the only copy of the secret and is shown once.</summary>
    public static (ApiToken Token, string Secret) Issue(Guid userId, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(Guid.NewGuid(), userId, name, secret[..(Prefix.Length + 6)], Hash(secret), now, expiresAt);
        return (token, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Rejects text that cannot be a token before any database look-up.</summary>
    public static bool LooksLikeToken(string text) =>
        text.Length == Prefix.Length + 43 && text.StartsWith(Prefix, StringComparison.Ordinal)
        && text.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64UrlAlphabet) < 0;

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>
    /// Records a use. Writing on every request would turn each API read into a database write,
    /// so the time is only refreshed when it is more than a minute old.
    /// </summary>
    public bool TouchIfStale(DateTimeOffset now)
    {
        if (LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        LastUsedAt = now;
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
