using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Outdial.Identity;

/// <summary>
/// Re-checks an open browser tab every minute, so that deactivating a user or changing their
/// roles or password also ends their live (interactive) session, not only their next page load.
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, UserAccounts accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.UserId() is not { } id)
        {
            return false;
        }

        var user = await accounts.FindAsync(id, cancellationToken);
        return user is { IsActive: true } && user.SecurityStamp == principal.FindFirstValue(OutdialClaims.SecurityStamp);
    }
}
