using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Identity;

/// <summary>
/// Names the permissions of which an endpoint or page needs any one (usually exactly one); read by
/// the authorization handler and the permission-matrix test.
/// </summary>
public sealed record PermissionRequirement(IReadOnlyList<Permission> AnyOf) : IAuthorizationRequirement
{
    public PermissionRequirement(Permission permission)
        : this([permission])
    {
    }

    /// <summary>"permission:ManageCampaigns", or "permission:ManageCampaigns|ViewStatistics" when any of several will do.</summary>
    public static string PolicyName(params IEnumerable<Permission> anyOf) => PermissionPolicy.Prefix + string.Join('|', anyOf);

    /// <summary>The permissions a policy name stands for; <c>null</c> for a name that is not a permission policy.</summary>
    public static IReadOnlyList<Permission>? FromPolicyName(string policyName)
    {
        if (!policyName.StartsWith(PermissionPolicy.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var permissions = new List<Permission>();
        foreach (var name in policyName[PermissionPolicy.Prefix.Length..].Split('|'))
        {
            if (!Enum.TryParse<Permission>(name, out var permission) || int.TryParse(name, out _))
            {
                return null;
            }

            permissions.Add(permission);
        }

        return permissions;
    }

    /// <summary>How a refusal names what is missing, e.g. "'Manage campaigns' or 'View statistics'".</summary>
    public string Describe() => string.Join(" or ", AnyOf.Select(p => $"'{p.DisplayName()}'"));
}

/// <summary>Policy names for <c>[Authorize(Policy = …)]</c> on pages; one policy per <see cref="Permission"/>.</summary>
public static class PermissionPolicy
{
    public const string Prefix = "permission:";
    public const string Administer = Prefix + nameof(Permission.Administer);
    public const string ManageContacts = Prefix + nameof(Permission.ManageContacts);
    public const string ManageCampaigns = Prefix + nameof(Permission.ManageCampaigns);
    public const string ViewStatistics = Prefix + nameof(Permission.ViewStatistics);
    public const string Operator = Prefix + nameof(Permission.Operator);

    /// <summary>The Sessions section: supervisors who manage campaigns and those who only view statistics.</summary>
    public const string ReadSessions = ManageCampaigns + "|" + nameof(Permission.ViewStatistics);
}

/// <summary>Marks an endpoint that any signed-in user may call (e.g. their own tokens).</summary>
public sealed class SignedInUserMetadata;

public static class PermissionEndpointExtensions
{
    /// <summary>Only users whose roles grant <paramref name="permission"/> reach the endpoint.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.PolicyName(permission));

    /// <summary>Users whose roles grant any one of <paramref name="anyOf"/> reach the endpoint.</summary>
    public static TBuilder RequireAnyPermission<TBuilder>(this TBuilder builder, params Permission[] anyOf)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PermissionRequirement.PolicyName(anyOf));

    /// <summary>Any signed-in user reaches the endpoint; it acts on that user's own data.</summary>
    public static TBuilder RequireSignedInUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithMetadata(new SignedInUserMetadata());

    public static AuthorizationOptions AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            options.AddPolicy(PermissionRequirement.PolicyName(permission), PolicyFor([permission]));
        }

        return options;
    }

    public static AuthorizationPolicy PolicyFor(IReadOnlyList<Permission> anyOf) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(anyOf)).Build();
}

/// <summary>Builds the policies of several permissions ("permission:A|B") on demand, so that any combination can be named without registering it.</summary>
internal sealed class PermissionPolicyProvider(Microsoft.Extensions.Options.IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) =>
        await base.GetPolicyAsync(policyName)
        ?? (PermissionRequirement.FromPolicyName(policyName) is { } anyOf ? PermissionEndpointExtensions.PolicyFor(anyOf) : null);
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

    /// <summary>Whether the user still has to replace a one-time password (and so has no permissions yet).</summary>
    public async Task<bool> MustChangePasswordAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.UserId() is not { } userId)
        {
            return false;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.MustChangePassword, cancellationToken);
    }
}

internal sealed class PermissionAuthorizationHandler(UserPermissions permissions) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var granted = await permissions.OfAsync(context.User);
        if (requirement.AnyOf.Any(granted.Contains))
        {
            context.Succeed(requirement);
        }
    }
}
