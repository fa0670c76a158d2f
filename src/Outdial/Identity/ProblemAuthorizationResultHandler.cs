using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Outdial.Identity;

/// <summary>Answers a refused API call with a problem detail that names the missing permission.</summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problemDetails, UserPermissions permissions) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && IdentityRegistration.IsApiRequest(context.Request))
        {
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>()
                .Select(r => r.Describe()).ToList() ?? [];

            // A one-time password gives no permission at all: naming one would send the user to the wrong person.
            var oneTimePassword = missing.Count > 0 && await permissions.MustChangePasswordAsync(context.User, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = oneTimePassword
                        ? "Choose your own password first: a one-time password gives no permissions until it is replaced (PUT /api/v1/me/password with currentPassword and newPassword, or sign in to the web UI)."
                        : missing.Count > 0
                        ? $"This needs the permission {string.Join(" and ", missing)}. Ask an administrator for a role that has it."
                        : "You may not do this. Ask an administrator for access.",
                },
            });
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
