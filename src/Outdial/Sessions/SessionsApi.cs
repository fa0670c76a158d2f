using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Identity;
using Outdial.Settings;

namespace Outdial.Sessions;

/// <summary><c>/api/v1/sessions</c>: every campaign session, its parameters and the CSV export (docs/sessions.md).</summary>
public static class SessionsApi
{
    public sealed record ParameterNamesResponse(IReadOnlyList<string> Names);

    public static void MapSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Sessions").RequireCampaignsFeature();
        sessions.MapGet("/", ListAsync).WithName("ListSessions").RequireAnyPermission(Permission.ManageCampaigns, Permission.ViewStatistics)
            .WithSummary("Sessions, newest first, filtered by campaignId, operatorId, contactId, contact, phone, from, to, dialResult, result, minTalkSeconds, maxTalkSeconds, hasNote, note and param.NAME[.OP]=VALUE; sorted by 'sort' and paged by offset and limit (docs/sessions.md).");
        sessions.MapGet("/{id:guid}", GetAsync).WithName("GetSession").RequireAnyPermission(Permission.ManageCampaigns, Permission.ViewStatistics)
            .WithSummary("One session: campaign, contact, operator, times, results, note, parameters and its timeline.");
        sessions.MapPut("/{id:guid}/parameters", SetParametersAsync).WithName("SetSessionParameters").RequireAnyPermission(Permission.ManageCampaigns, Permission.Operator)
            .WithSummary("Sets parameters of a session from a JSON object of name → string; null or \"\" removes one, names not sent stay. Operators may set them only on their own sessions.");
        sessions.MapGet("/parameters", ParameterNamesAsync).WithName("ListSessionParameterNames").RequireAnyPermission(Permission.ManageCampaigns, Permission.ViewStatistics)
            .WithSummary("Every parameter name in use, for columns and filters.");
        sessions.MapGet("/export.csv", ExportAsync).WithName("ExportSessions").RequireAnyPermission(Permission.ManageCampaigns, Permission.ViewStatistics)
            .WithSummary("The sessions of the same filters as CSV (UTF-8) with the columns of 'columns' (e.g. campaign,contact,result,param.interested) in that order. Formula-like cells are neutralised.");
    }

    /// <summary>Streams the CSV export; shared by the API and the Sessions page's download link.</summary>
    public static async Task ExportAsync(HttpContext http, SessionExport export, TimeProvider clock)
    {
        var query = http.Request.Query;
        var filter = SessionQuery.Filter(query);
        var sort = SessionQuery.Sort(query["sort"]);
        var columns = SessionQuery.Columns(query["columns"]);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"sessions-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, Csv.CsvWriter.Encoding);
        await export.WriteAsync(writer, filter, sort, columns, http.RequestAborted);
    }

    private static async Task<Ok<Page<SessionSummary>>> ListAsync(HttpRequest request, SessionLog log, int? offset, int? limit, string? sort, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(offset, limit);
        return TypedResults.Ok(await log.ListAsync(SessionQuery.Filter(request.Query), SessionQuery.Sort(sort), page, cancellationToken));
    }

    private static async Task<Ok<SessionDetail>> GetAsync(Guid id, SessionLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.GetAsync(id, cancellationToken));

    private static async Task<Ok<IReadOnlyDictionary<string, string>>> SetParametersAsync(
        Guid id, Dictionary<string, string?> parameters, SessionLog log, SessionParameters writer, UserPermissions permissions, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!(await permissions.OfAsync(principal, cancellationToken)).Contains(Permission.ManageCampaigns)
            && await log.OperatorOfAsync(id, cancellationToken) != principal.UserId())
        {
            throw new ForbiddenProblem("This session was handled by another operator; operators can set parameters only on their own sessions. A supervisor with 'Manage campaigns' can change any session.");
        }

        return TypedResults.Ok(await writer.SetAsync(id, parameters, cancellationToken));
    }

    private static async Task<Ok<ParameterNamesResponse>> ParameterNamesAsync(SessionLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ParameterNamesResponse(await log.ParameterNamesAsync(cancellationToken)));
}
