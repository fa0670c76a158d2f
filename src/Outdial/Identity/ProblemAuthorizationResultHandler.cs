using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Outdial.Identity;

/// <summary>Answers a refused API call with a problem detail that names the missing permission.</summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && IdentityRegistration.IsApiRequest(context.Request))
        {
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>()
                .Select(r => r.Describe()).ToList() ?? [];
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = missing.Count > 0
                        ? $"This needs the permission {string.Join(" and ", missing)}. Ask an administrator for a role that has it."
                        : "You may not do this. Ask an administrator for access.",
                },
            });
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
