using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Identity;

/// <summary>Names the permission that an endpoint or page needs; read by the authorization handler and the permission-matrix test.</summary>
public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement
{
    public static string PolicyName(Permission permission) => PermissionPolicy.Prefix + permission;
}

/// <summary>
/// Lets in a user who has any one of <see cref="Permissions"/>: call scripts, for example, are
/// read both by the supervisors who design them and by the operators who answer them.
/// </summary>
public sealed record AnyPermissionRequirement(IReadOnlyList<Permission> Permissions) : IAuthorizationRequirement;

/// <summary>Policy names for <c>[Authorize(Policy = …)]</c> on pages; one policy per <see cref="Permission"/>.</summary>
public static class PermissionPolicy
{
    public const string Prefix = "permission:";
    public const string Administer = Prefix + nameof(Permission.Administer);
    public const string ManageContacts = Prefix + nameof(Permission.ManageContacts);
    public const string ManageCampaigns = Prefix + nameof(Permission.ManageCampaigns);
    public const string ViewStatistics = Prefix + nameof(Permission.ViewStatistics);
    public const string Operator = Prefix + nameof(Permission.Operator);
}

/// <summary>Marks an endpoint that any signed-in user may call (e.g. their own tokens).</summary>
public sealed class SignedInUserMetadata;

public static class PermissionEndpointExtensions
{
    /// <summary>Only users whose roles grant <paramref name="permission"/> reach the endpoint.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.PolicyName(permission));

    /// <summary>Users whose roles grant at least one of <paramref name="permissions"/> reach the endpoint.</summary>
    public static TBuilder RequireAnyPermission<TBuilder>(this TBuilder builder, params Permission[] permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new AnyPermissionRequirement(permissions)));

    /// <summary>Any signed-in user reaches the endpoint; it acts on that user's own data.</summary>
    public static TBuilder RequireSignedInUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithMetadata(new SignedInUserMetadata());

    public static AuthorizationOptions AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            options.AddPolicy(PermissionRequirement.PolicyName(permission), policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(permission)));
        }

        return options;
    }
}

/// <summary>
/// Reads the current permissions of a user from the database on each check, so that a role
/// change or a deactivation takes effect at once for browser sessions and API tokens alike.
/// A user who still has to replace a one-time password has no permissions until they do.
/// </summary>
public sealed class UserPermissions(IDbContextFactory<OutdialDbContext> databases)
{
    public async Task<IReadOnlySet<Permission>> OfAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.UserId() is not { } userId)
        {
            return new HashSet<Permission>();
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null || user.MustChangePassword ? new HashSet<Permission>() : user.Permissions;
    }
}

internal sealed class PermissionAuthorizationHandler(UserPermissions permissions) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        var pending = context.PendingRequirements.Where(r => r is PermissionRequirement or AnyPermissionRequirement).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var granted = await permissions.OfAsync(context.User);
        foreach (var requirement in pending)
        {
            var met = requirement switch
            {
                PermissionRequirement one => granted.Contains(one.Permission),
                AnyPermissionRequirement any => any.Permissions.Any(granted.Contains),
                _ => false,
            };
            if (met)
            {
                context.Succeed(requirement);
            }
        }
    }
}
