using System.Security.Claims;

namespace Outdial.Identity;

/// <summary>The claims Outdial puts on a signed-in principal, for both browser sessions and API tokens.</summary>
public static class OutdialClaims
{
    public const string SecurityStamp = "outdial:stamp";
    public const string TokenId = "outdial:token";
    public const string MustChangePassword = "outdial:must_change_password";

    public static ClaimsIdentity ForBrowser(User user, string authenticationType) => new(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(SecurityStamp, user.SecurityStamp),
            .. user.MustChangePassword ? [new Claim(MustChangePassword, "true")] : Array.Empty<Claim>(),
        ],
        authenticationType);

    public static ClaimsIdentity ForToken(TokenOwner owner, string authenticationType) => new(
        [
            new Claim(ClaimTypes.NameIdentifier, owner.UserId.ToString()),
            new Claim(ClaimTypes.Name, owner.UserName),
            new Claim(TokenId, owner.TokenId.ToString()),
        ],
        authenticationType);

    /// <summary>The signed-in user's id, or null for an anonymous principal.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");

    public static bool MustChangePasswordNow(this ClaimsPrincipal principal) => principal.HasClaim(MustChangePassword, "true");
}
