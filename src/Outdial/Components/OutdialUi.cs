using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor.Services;
using Outdial.Identity;
using Outdial.Settings;

namespace Outdial.Components;

public static class OutdialUi
{
    public static WebApplicationBuilder AddOutdialUi(this WebApplicationBuilder builder)
    {
        // Serves the component library's files (_content/MudBlazor) from a plain build too,
        // not only from a published folder, so that `dotnet run` works in any environment.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        return builder;
    }

    public static void MapOutdialUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // Downloads for the browser (cookie authentication); the same handlers serve the API.
        app.MapGet("/download/contacts.csv", Outdial.Contacts.ContactsApi.ExportAsync).RequireAuthorization(PermissionPolicy.ManageContacts).ExcludeFromDescription();
        app.MapGet("/download/sessions.csv", Outdial.Sessions.SessionsApi.ExportAsync).RequireAuthorization(PermissionPolicy.ReadSessions).RequireCampaignsFeature().ExcludeFromDescription();
        app.MapGet("/download/imports/{id:guid}/errors.csv", Outdial.Contacts.ImportsApi.ErrorsAsync).RequireAuthorization(PermissionPolicy.ManageContacts).ExcludeFromDescription();
        app.MapGet("/download/webhooks/{id:guid}/deliveries.csv", Outdial.Webhooks.WebhooksApi.ExportDeliveriesAsync).RequireAuthorization(PermissionPolicy.Administer).ExcludeFromDescription();
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
