using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Identity;

namespace Outdial.Settings;

/// <summary><c>/api/v1/settings</c>: the tenant's settings.</summary>
public static class SettingsApi
{
    public sealed record SettingsRequest([property: Required, StringLength(3)] string DefaultRegion, [property: Required, StringLength(64)] string DefaultTimeZone);

    public sealed record SettingsResponse(string DefaultRegion, string DefaultTimeZone)
    {
        public static SettingsResponse From(TenantSettings settings) => new(settings.DefaultRegion, settings.DefaultTimeZone);
    }

    public static void MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", GetAsync).WithName("GetSettings").RequireSignedInUser()
            .WithSummary("The default region for reading phone numbers without a country code, and the default time zone.");
        settings.MapPut("/", ChangeAsync).WithName("ChangeSettings").RequirePermission(Permission.Administer);
    }

    private static async Task<Ok<SettingsResponse>> GetAsync(TenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(SettingsResponse.From(await store.GetAsync(cancellationToken)));

    private static async Task<Ok<SettingsResponse>> ChangeAsync(SettingsRequest request, TenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(SettingsResponse.From(await store.ChangeAsync(request.DefaultRegion, request.DefaultTimeZone, cancellationToken)));
}
