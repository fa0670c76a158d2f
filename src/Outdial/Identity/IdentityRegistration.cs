using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Outdial.Identity;

public static class IdentityRegistration
{
    /// <summary>Chooses cookies for the browser UI and API tokens for <c>/api</c>.</summary>
    public const string Scheme = "Outdial";

    public const string CookieName = "outdial.auth";

    /// <summary>Services shared by the server and the command-line tools.</summary>
    public static IServiceCollection AddOutdialAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<UserPermissions>();
        return services;
    }

    public static WebApplicationBuilder AddOutdialIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutdialAccounts();
        builder.Services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        builder.Services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie for the UI, bearer token for the API", options =>
                // The API accepts only bearer tokens, so a browser cookie can never be used for
                // a cross-site request against it; the UI accepts only its cookie.
                options.ForwardDefaultSelector = context => IsApiRequest(context.Request)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/access-denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateBrowserSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.Configure<AuthorizationOptions>(options => options.AddPermissionPolicies());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>
    /// A browser session ends as soon as its user is deactivated or its security stamp changes
    /// (password change or reset, role change).
    /// </summary>
    private static async Task ValidateBrowserSessionAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
        var stamp = context.Principal?.FindFirst(OutdialClaims.SecurityStamp)?.Value;
        var user = context.Principal?.UserId() is { } id ? await accounts.FindAsync(id, context.HttpContext.RequestAborted) : null;
        if (user is null || !user.IsActive || user.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
