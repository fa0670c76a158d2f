using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Outdial.Api;

namespace Outdial.Identity;

/// <summary><c>/api/v1/users</c> and <c>/api/v1/roles</c>: administrators manage who signs in and what they may do.</summary>
public static class UsersApi
{
    public sealed record RoleSummary(Guid Id, string Name);

    public sealed record UserResponse(
        Guid Id,
        string Name,
        string Email,
        bool IsActive,
        bool MustChangePassword,
        IReadOnlyList<RoleSummary> Roles,
        IReadOnlyList<Permission> Permissions,
        DateTimeOffset CreatedAt,
        DateTimeOffset? LastSignInAt,
        DateTimeOffset? LockedOutUntil,
        string? PhoneAddress)
    {
        public static UserResponse From(User user) => new(
            user.Id, user.Name, user.Email, user.IsActive, user.MustChangePassword,
            [.. user.Roles.OrderBy(r => r.Name).Select(r => new RoleSummary(r.Id, r.Name))],
            [.. user.Permissions.Order()],
            user.CreatedAt, user.LastSignInAt, user.LockedOutUntil, user.PhoneAddress);
    }

    public sealed record CreateUserRequest(
        [property: Required, StringLength(200)] string Name,
        [property: Required, StringLength(EmailAddress.MaxLength)] string Email,
        Guid[]? RoleIds,
        [property: StringLength(PasswordRules.MaxLength)] string? Password,
        [property: StringLength(Telephony.SipAddress.MaxLength)] string? PhoneAddress = null);

    public sealed record UpdateUserRequest(
        [property: Required, StringLength(200)] string Name,
        [property: Required, StringLength(EmailAddress.MaxLength)] string Email,
        [property: Required] Guid[] RoleIds,
        [property: Required] bool? IsActive,
        [property: StringLength(Telephony.SipAddress.MaxLength)] string? PhoneAddress = null);

    /// <summary>The one-time password is present only when Outdial generated it; it is never shown again.</summary>
    public sealed record CreatedUserResponse(UserResponse User, string? OneTimePassword);

    public sealed record PasswordResetResponse(string OneTimePassword);

    public sealed record RoleResponse(Guid Id, string Name, string Description, bool IsBuiltIn, IReadOnlyList<Permission> Permissions);

    public static void MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequirePermission(Permission.Administer);
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Users, filtered by a search over name and e-mail and by active flag.");
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser");
        users.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Creates a user. Without a password a one-time password is generated; the user must change it at first sign-in.");
        users.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateUser")
            .WithSummary("Replaces name, e-mail, roles, the active flag and the phone address (omitted or null: no phone). A deactivated user can neither sign in nor use API tokens.");
        users.MapPost("/{id:guid}/reset-password", ResetPasswordAsync).WithName("ResetUserPassword")
            .WithSummary("Replaces the password with a one-time password that must be changed at the next sign-in.");

        api.MapGet("/roles", ListRolesAsync).WithTags("Users").WithName("ListRoles").RequirePermission(Permission.Administer)
            .WithSummary("The roles that can be assigned to users, with their permissions.");
    }

    private static async Task<Ok<Page<UserResponse>>> ListAsync(UserAccounts accounts, string? search, bool? active, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var page = await accounts.ListAsync(search, active, PageRequest.From(offset, limit), cancellationToken);
        return TypedResults.Ok(page.Map(UserResponse.From));
    }

    private static async Task<Ok<UserResponse>> GetAsync(Guid id, UserAccounts accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(UserResponse.From(await accounts.GetAsync(id, cancellationToken)));

    private static async Task<Created<CreatedUserResponse>> CreateAsync(CreateUserRequest request, UserAccounts accounts, CancellationToken cancellationToken)
    {
        var issued = await accounts.CreateAsync(request.Name, request.Email, request.RoleIds ?? [], request.Password, request.PhoneAddress, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/users/{issued.User.Id}", new CreatedUserResponse(UserResponse.From(issued.User), issued.OneTimePassword));
    }

    private static async Task<Ok<UserResponse>> UpdateAsync(Guid id, UpdateUserRequest request, UserAccounts accounts, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = await accounts.UpdateAsync(id, new UserChanges(request.Name, request.Email, request.RoleIds, request.IsActive!.Value, request.PhoneAddress), principal.RequiredUserId(), cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Ok<PasswordResetResponse>> ResetPasswordAsync(Guid id, UserAccounts accounts, CancellationToken cancellationToken)
    {
        var issued = await accounts.ResetPasswordAsync(id, cancellationToken);
        return TypedResults.Ok(new PasswordResetResponse(issued.OneTimePassword!));
    }

    private static async Task<Ok<IReadOnlyList<RoleResponse>>> ListRolesAsync(UserAccounts accounts, CancellationToken cancellationToken)
    {
        var roles = await accounts.ListRolesAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RoleResponse>>([.. roles.Select(r => new RoleResponse(r.Id, r.Name, r.Description, r.IsBuiltIn, r.Permissions))]);
    }
}
