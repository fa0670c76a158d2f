using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Identity;

/// <summary>A newly created token together with its secret, which is shown this once.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>The user and token behind a valid bearer token.</summary>
public sealed record TokenOwner(Guid UserId, string UserName, Guid TokenId);

/// <summary>API tokens: issue, list, revoke, and check a bearer token on each request.</summary>
public sealed class ApiTokens(IDbContextFactory<OutdialDbContext> databases, TimeProvider clock, ILogger<ApiTokens> logger)
{
    public const int MaxNameLength = 100;

    public async Task<IssuedToken> CreateAsync(Guid userId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is < 1 or > MaxNameLength)
        {
            throw new InvalidInputProblem("name", $"Name the token in 1 to {MaxNameLength} characters, e.g. after the system that will use it.");
        }

        var now = clock.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new InvalidInputProblem("expiresAt", "The expiry must be in the future. Leave it empty for a token that does not expire.");
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, cancellationToken))
        {
            throw new NotFoundProblem("The user does not exist or is deactivated, so it cannot have API tokens.");
        }

        var (token, secret) = ApiToken.Issue(userId, trimmed, now, expiresAt?.ToUniversalTime());
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        IdentityLog.TokenCreated(logger, token.Id, userId);
        return new IssuedToken(token, secret);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    public async Task RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken)
            ?? throw new NotFoundProblem($"You have no API token with the id {tokenId}. List your tokens with GET /api/v1/tokens.");
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        IdentityLog.TokenRevoked(logger, tokenId);
    }

    /// <summary>Returns the owner of a usable token, or null for an unknown, revoked or expired token or a deactivated user.</summary>
    public async Task<TokenOwner?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!ApiToken.LooksLikeToken(secret))
        {
            return null;
        }

        var hash = ApiToken.Hash(secret);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var match = await db.ApiTokens
            .Where(t => t.SecretHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.Name, u.IsActive })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (match is null || !match.IsActive || !match.Token.IsUsable(now))
        {
            return null;
        }

        if (match.Token.TouchIfStale(now))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new TokenOwner(match.Token.UserId, match.Name, match.Token.Id);
    }
}
