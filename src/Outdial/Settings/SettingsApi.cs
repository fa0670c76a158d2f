using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Identity;

namespace Outdial.Settings;

/// <summary><c>/api/v1/settings</c>: the tenant's settings.</summary>
public static class SettingsApi
{
    /// <summary>One day's calling window; <c>day</c> is monday…sunday, times are HH:mm in the contact's own time zone.</summary>
    public sealed record DayHoursDto([property: Required] DayOfWeek? Day, [property: Required] TimeOnly? From, [property: Required] TimeOnly? To);

    public sealed record SettingsRequest(
        [property: Required, StringLength(3)] string DefaultRegion,
        [property: Required, StringLength(64)] string DefaultTimeZone,
        [property: Required] DayHoursDto[] CallingHours,
        [property: Required, Range(0.1, 10)] double? AbandonRateCapPercent,
        [property: Required] bool? CampaignsEnabled);

    public sealed record SettingsResponse(string DefaultRegion, string DefaultTimeZone, IReadOnlyList<DayHoursDto> CallingHours, double AbandonRateCapPercent, bool CampaignsEnabled)
    {
        public static SettingsResponse From(TenantSettings settings) => new(
            settings.DefaultRegion, settings.DefaultTimeZone,
            [.. settings.CallingHours.Days.Select(d => new DayHoursDto(d.Day, d.From, d.To))],
            Math.Round(settings.AbandonRateCap * 100, 3), settings.CampaignsEnabled);
    }

    public static void MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", GetAsync).WithName("GetSettings").RequireSignedInUser()
            .WithSummary("Default region and time zone, default calling hours per weekday, the abandon-rate cap and whether campaigns are turned on.");
        settings.MapPut("/", ChangeAsync).WithName("ChangeSettings").RequirePermission(Permission.Administer);
    }

    /// <summary>
    /// Calling hours from the API's list of days. Validation does not reach into a list's items, so
    /// a missing day, start or end is reported here, naming it (e.g. <c>callingHours[0].day</c>).
    /// </summary>
    public static CallingHours ToCallingHours(IReadOnlyList<DayHoursDto> days)
    {
        var missing = new Dictionary<string, string[]>();
        for (var i = 0; i < days.Count; i++)
        {
            foreach (var (absent, name) in new[] { (days[i].Day is null, "day"), (days[i].From is null, "from"), (days[i].To is null, "to") })
            {
                if (absent)
                {
                    missing[$"callingHours[{i}].{name}"] = ["Give the day and the window's start and end, e.g. {\"day\":\"monday\",\"from\":\"08:00\",\"to\":\"21:00\"}."];
                }
            }
        }

        return missing.Count > 0
            ? throw new InvalidInputProblem(missing)
            : new CallingHours(days.Select(d => new DayHours(d.Day!.Value, d.From!.Value, d.To!.Value)));
    }

    private static async Task<Ok<SettingsResponse>> GetAsync(TenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(SettingsResponse.From(await store.GetAsync(cancellationToken)));

    private static async Task<Ok<SettingsResponse>> ChangeAsync(SettingsRequest request, TenantSettingsStore store, CancellationToken cancellationToken)
    {
        var hours = ToCallingHours(request.CallingHours);
        var settings = await store.ChangeAsync(request.DefaultRegion, request.DefaultTimeZone, hours, request.AbandonRateCapPercent!.Value / 100, request.CampaignsEnabled!.Value, cancellationToken);
        return TypedResults.Ok(SettingsResponse.From(settings));
    }
}
