using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Engine;
using Outdial.Identity;

namespace Outdial.Telephony;

/// <summary><c>/api/v1/telephony</c>: which network the engine dials through and the state of its trunks.</summary>
public static class TelephonyApi
{
    public static void MapTelephonyApi(this RouteGroupBuilder api) =>
        api.MapGet("/telephony", (ITelephonyProvider telephony) => TypedResults.Ok(telephony.Status))
            .WithTags("Telephony")
            .WithName("GetTelephony")
            .RequirePermission(Permission.Administer)
            .WithSummary("The telephony provider (Simulated or Sip), where the SIP user agent listens, and each trunk with its registration state. Passwords are never shown.");
}
