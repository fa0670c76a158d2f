using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Campaigns;
using Outdial.Identity;

namespace Outdial.Engine;

/// <summary><c>/api/v1/desk</c>: an operator's own desk — the session they hold, and acting on it.</summary>
public static class DeskApi
{
    public sealed record DeskResponse(
        DeskStage Stage, Guid? CampaignId, string? CampaignName, CampaignMode? Mode, Guid? SessionId, Guid? ContactId, string? Phone,
        DateTimeOffset? DialAt, DateTimeOffset? ConnectedAt, DateTimeOffset? WrapUpSince, int AcwSeconds, string? DialResult,
        IReadOnlyList<ResultCode> ResultCodes, string? Notice, Guid? CallScriptId)
    {
        public static DeskResponse From(DeskView d) => new(
            d.Stage, d.CampaignId, d.CampaignName, d.Mode, d.SessionId, d.ContactId, d.Phone, d.DialAt, d.ConnectedAt, d.WrapUpSince, d.AcwSeconds,
            d.DialResult, d.ResultCodes ?? [], d.Notice, d.CallScriptId);
    }

    /// <param name="KeepCallback">A callback result: only this operator makes the callback (until 15 minutes past its time).</param>
    /// <param name="Answers">The call script's answers by element key (strings, numbers, true/false or lists of options); required answers must be there when the call connected.</param>
    /// <param name="ScriptVersion">The script version the answers were given with; the current one when left out.</param>
    public sealed record CompleteRequest(
        [property: Required, StringLength(100)] string Result,
        DateTimeOffset? CallbackAt,
        [property: StringLength(4000)] string? Note,
        bool? KeepCallback,
        Dictionary<string, System.Text.Json.JsonElement>? Answers,
        int? ScriptVersion);

    public sealed record NoteRequest([property: Required, StringLength(4000)] string Note);

    public static void MapDeskApi(this RouteGroupBuilder api)
    {
        var desk = api.MapGroup("/desk").WithTags("Operator desk").RequirePermission(Permission.Operator);
        desk.MapGet("/", (ClaimsPrincipal principal, DeskActions actions) => TypedResults.Ok(DeskResponse.From(actions.Of(principal.RequiredUserId()))))
            .WithName("GetDesk").WithSummary("The caller's desk: the campaign they work, the session they hold (stage, contact, countdowns) and the campaign's result codes.");
        Map(desk, "accept", "AcceptSession", "Preview: accept the offered contact; the number is dialled after the BCW countdown.", (a, u, s) => a.AcceptAsync(u, s));
        Map(desk, "reject", "RejectSession", "Preview: reject the offered contact; it goes back to the campaign's queue.", (a, u, s) => a.RejectAsync(u, s));
        Map(desk, "call-now", "CallNow", "Preview: dial now instead of waiting for the BCW countdown.", (a, u, s) => a.CallNowAsync(u, s));
        Map(desk, "hang-up", "HangUpSession", "Hang up the call; the session goes to wrap-up.", (a, u, s) => a.HangUpAsync(u, s));
        desk.MapPost("/sessions/{id:guid}/note", async (Guid id, NoteRequest request, ClaimsPrincipal principal, DeskActions actions) =>
            {
                await actions.NoteAsync(principal.RequiredUserId(), id, request.Note);
                return TypedResults.Ok(DeskResponse.From(actions.Of(principal.RequiredUserId())));
            })
            .WithName("NoteSession").WithSummary("Keeps a note on the session (shown on the contact's timeline).");
        desk.MapPost("/sessions/{id:guid}/complete", async (Guid id, CompleteRequest request, ClaimsPrincipal principal, DeskActions actions) =>
            {
                await actions.CompleteAsync(principal.RequiredUserId(), id, new SessionConclusion(
                    request.Result, request.CallbackAt, request.KeepCallback ?? false, request.Note,
                    request.Answers is { } answers ? Scripts.CallScriptsApi.AnswersOf(answers) : null, request.ScriptVersion));
                return TypedResults.Ok(DeskResponse.From(actions.Of(principal.RequiredUserId())));
            })
            .WithName("CompleteSession").WithSummary("Ends the session with one of the campaign's result codes (a callback result takes 'callbackAt').");
    }

    private static void Map(RouteGroupBuilder desk, string verb, string name, string summary, Func<DeskActions, Guid, Guid, Task> action) =>
        desk.MapPost($"/sessions/{{id:guid}}/{verb}", async (Guid id, ClaimsPrincipal principal, DeskActions actions) =>
            {
                await action(actions, principal.RequiredUserId(), id);
                return TypedResults.Ok(DeskResponse.From(actions.Of(principal.RequiredUserId())));
            })
            .WithName(name).WithSummary(summary);
}
