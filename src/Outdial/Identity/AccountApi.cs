using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Outdial.Api;

namespace Outdial.Identity;

/// <summary><c>/api/v1/me</c> and <c>/api/v1/tokens</c>: what a signed-in user does with their own account.</summary>
public static class AccountApi
{
    public sealed record ChangePasswordRequest(
        [property: Required, StringLength(PasswordRules.MaxLength)] string CurrentPassword,
        [property: Required, StringLength(PasswordRules.MaxLength)] string NewPassword);

    public sealed record CreateTokenRequest(
        [property: Required, StringLength(ApiTokens.MaxNameLength)] string Name,
        DateTimeOffset? ExpiresAt);

    public sealed record TokenResponse(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
    {
        public static TokenResponse From(ApiToken token) =>
            new(token.Id, token.Name, token.Hint + "…", token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt);
    }

    /// <summary><see cref="Token"/> is the secret; it is returned only here, once.</summary>
    public sealed record CreatedTokenResponse(TokenResponse Details, string Token);

    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Account").RequireSignedInUser();
        me.MapGet("/", GetMeAsync).WithName("GetCurrentUser").WithSummary("The user behind the token, with roles and permissions.");
        me.MapPut("/password", ChangePasswordAsync).WithName("ChangeOwnPassword");

        var tokens = api.MapGroup("/tokens").WithTags("Account").RequireSignedInUser();
        tokens.MapGet("/", ListTokensAsync).WithName("ListOwnTokens");
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateOwnToken").WithSummary("Creates an API token with your permissions. The secret is in the response only.");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithName("RevokeOwnToken");
    }

    private static async Task<Ok<UsersApi.UserResponse>> GetMeAsync(ClaimsPrincipal principal, UserAccounts accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(UsersApi.UserResponse.From(await accounts.GetAsync(principal.RequiredUserId(), cancellationToken)));

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest request, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken cancellationToken)
    {
        await accounts.ChangePasswordAsync(principal.RequiredUserId(), request.CurrentPassword, request.NewPassword, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<TokenResponse>>> ListTokensAsync(ClaimsPrincipal principal, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var list = await tokens.ListAsync(principal.RequiredUserId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TokenResponse>>([.. list.Select(TokenResponse.From)]);
    }

    private static async Task<Created<CreatedTokenResponse>> CreateTokenAsync(CreateTokenRequest request, ClaimsPrincipal principal, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var issued = await tokens.CreateAsync(principal.RequiredUserId(), request.Name, request.ExpiresAt, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/tokens/{issued.Token.Id}", new CreatedTokenResponse(TokenResponse.From(issued.Token), issued.Secret));
    }

    private static async Task<NoContent> RevokeTokenAsync(Guid id, ClaimsPrincipal principal, ApiTokens tokens, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(principal.RequiredUserId(), id, cancellationToken);
        return TypedResults.NoContent();
    }
}
