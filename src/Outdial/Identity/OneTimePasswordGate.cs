namespace Outdial.Identity;

public static class OneTimePasswordGate
{
    /// <summary>
    /// Sends a browser that signed in with a one-time password to the change-password page until
    /// the password is changed. (API calls are refused by <see cref="UserPermissions"/> instead.)
    /// </summary>
    public static IApplicationBuilder UseOneTimePasswordGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var isPageRequest = HttpMethods.IsGet(context.Request.Method)
            && !IdentityRegistration.IsApiRequest(context.Request)
            && !path.StartsWithSegments("/account")
            && !path.StartsWithSegments("/_framework")
            && !path.StartsWithSegments("/_blazor")
            && !path.StartsWithSegments("/_content")
            && !Path.HasExtension(path.Value);
        if (isPageRequest && context.User.MustChangePasswordNow())
        {
            context.Response.Redirect("/account/change-password");
            return;
        }

        await next(context);
    });
}
