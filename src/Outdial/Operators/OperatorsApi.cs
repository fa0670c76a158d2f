using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;

namespace Outdial.Operators;

/// <summary><c>/api/v1/operators</c>, <c>/api/v1/operator-groups</c> and <c>/api/v1/break-types</c>.</summary>
public static class OperatorsApi
{
    public sealed record OperatorResponse(Guid UserId, string Name, string Email, OperatorState State, DateTimeOffset Since, string? BreakReason, IReadOnlyList<string> Groups);

    public sealed record StateRequest([property: Required] OperatorState? State, Guid? BreakTypeId);

    public sealed record StateResponse(OperatorState State, DateTimeOffset Since, Guid? BreakTypeId);

    public sealed record StateChangeResponse(DateTimeOffset At, OperatorState From, OperatorState To, StateChangeSource Source, Guid? BreakTypeId);

    public sealed record DaySummaryResponse(DateOnly Date, IReadOnlyDictionary<OperatorState, double> Seconds);

    public sealed record GroupRequest(
        [property: Required, StringLength(OperatorGroup.MaxNameLength)] string Name,
        [property: Required, Range(0, OperatorGroup.MaxAcwSeconds)] int? DefaultAcwSeconds,
        CallDistribution? Distribution,
        Guid[]? MemberIds);

    public sealed record GroupResponse(Guid Id, string Name, int DefaultAcwSeconds, CallDistribution Distribution, IReadOnlyList<Guid> MemberIds)
    {
        public static GroupResponse From(OperatorGroup group) => new(group.Id, group.Name, group.DefaultAcwSeconds, group.Distribution, group.MemberIds);
    }

    public sealed record BreakTypeRequest([property: Required, StringLength(100)] string Name, bool IsPaid);

    public sealed record BreakTypeResponse(Guid Id, string Name, bool IsPaid);

    public static void MapOperatorsApi(this RouteGroupBuilder api)
    {
        var operators = api.MapGroup("/operators").WithTags("Operators");
        operators.MapGet("/", ListAsync).WithName("ListOperators").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Every operator with their live state (offline, online, break, bcw, onCall, acw), since when, and their groups.");
        operators.MapPut("/me/state", ChangeOwnStateAsync).WithName("ChangeOwnState").RequirePermission(Permission.Operator)
            .WithSummary("An operator goes online, on a break (with a break type) or offline. Other states belong to the dialer: 409 with the current state.");
        operators.MapGet("/me/state", GetOwnStateAsync).WithName("GetOwnState").RequirePermission(Permission.Operator);
        operators.MapGet("/{id:guid}/state-history", HistoryAsync).WithName("GetOperatorStateHistory").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Stored state changes, newest first, optionally between 'from' and 'to'.");
        operators.MapGet("/{id:guid}/state-summary", SummaryAsync).WithName("GetOperatorStateSummary").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Seconds spent in each state on one UTC day ('date', default today).");

        var groups = api.MapGroup("/operator-groups").WithTags("Operators").RequirePermission(Permission.ManageCampaigns);
        groups.MapGet("/", ListGroupsAsync).WithName("ListOperatorGroups");
        groups.MapPost("/", CreateGroupAsync).WithName("CreateOperatorGroup");
        groups.MapGet("/{id:guid}", GetGroupAsync).WithName("GetOperatorGroup");
        groups.MapPut("/{id:guid}", UpdateGroupAsync).WithName("UpdateOperatorGroup");
        groups.MapDelete("/{id:guid}", DeleteGroupAsync).WithName("DeleteOperatorGroup");

        var breaks = api.MapGroup("/break-types").WithTags("Operators");
        breaks.MapGet("/", ListBreakTypesAsync).WithName("ListBreakTypes").RequireSignedInUser();
        breaks.MapPost("/", CreateBreakTypeAsync).WithName("CreateBreakType").RequirePermission(Permission.Administer);
        breaks.MapDelete("/{id:guid}", DeleteBreakTypeAsync).WithName("DeleteBreakType").RequirePermission(Permission.Administer);
    }

    private static async Task<Ok<IReadOnlyList<OperatorResponse>>> ListAsync(OperatorStates states, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OperatorResponse>>([.. (await states.ListAsync(cancellationToken)).Select(o => new OperatorResponse(o.UserId, o.Name, o.Email, o.State, o.Since, o.BreakReason, o.Groups))]);

    private static async Task<Ok<StateResponse>> ChangeOwnStateAsync(StateRequest request, ClaimsPrincipal principal, OperatorStates states, CancellationToken cancellationToken)
    {
        var status = await states.ChangeAsync(principal.RequiredUserId(), request.State!.Value, StateChangeSource.Operator, request.BreakTypeId, cancellationToken);
        return TypedResults.Ok(new StateResponse(status.State, status.Since, status.BreakTypeId));
    }

    private static async Task<Ok<StateResponse>> GetOwnStateAsync(ClaimsPrincipal principal, OperatorStates states, CancellationToken cancellationToken)
    {
        var status = await states.GetAsync(principal.RequiredUserId(), cancellationToken);
        return TypedResults.Ok(new StateResponse(status.State, status.Since, status.BreakTypeId));
    }

    private static async Task<Ok<Page<StateChangeResponse>>> HistoryAsync(Guid id, OperatorStates states, DateTimeOffset? from, DateTimeOffset? to, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var page = await states.HistoryAsync(id, from, to, PageRequest.From(offset, limit), cancellationToken);
        return TypedResults.Ok(page.Map(c => new StateChangeResponse(c.At, c.From, c.To, c.Source, c.BreakTypeId)));
    }

    private static async Task<Ok<DaySummaryResponse>> SummaryAsync(Guid id, OperatorStates states, TimeProvider clock, DateOnly? date, CancellationToken cancellationToken)
    {
        var day = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var summary = await states.DaySummaryAsync(id, day, cancellationToken);
        return TypedResults.Ok(new DaySummaryResponse(day, summary.ToDictionary(s => s.Key, s => Math.Round(s.Value.TotalSeconds, 3))));
    }

    private static async Task<Ok<IReadOnlyList<GroupResponse>>> ListGroupsAsync(OperatorGroups groups, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<GroupResponse>>([.. (await groups.ListAsync(cancellationToken)).Select(GroupResponse.From)]);

    private static async Task<Created<GroupResponse>> CreateGroupAsync(GroupRequest request, OperatorGroups groups, CancellationToken cancellationToken)
    {
        var group = await groups.CreateAsync(request.Name, request.DefaultAcwSeconds!.Value, request.Distribution ?? CallDistribution.LongestIdle, request.MemberIds ?? [], cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/operator-groups/{group.Id}", GroupResponse.From(group));
    }

    private static async Task<Ok<GroupResponse>> GetGroupAsync(Guid id, OperatorGroups groups, CancellationToken cancellationToken) =>
        TypedResults.Ok(GroupResponse.From(await groups.GetAsync(id, cancellationToken)));

    private static async Task<Ok<GroupResponse>> UpdateGroupAsync(Guid id, GroupRequest request, OperatorGroups groups, CancellationToken cancellationToken) =>
        TypedResults.Ok(GroupResponse.From(await groups.UpdateAsync(id, request.Name, request.DefaultAcwSeconds!.Value, request.Distribution ?? CallDistribution.LongestIdle, request.MemberIds ?? [], cancellationToken)));

    private static async Task<NoContent> DeleteGroupAsync(Guid id, OperatorGroups groups, CancellationToken cancellationToken)
    {
        await groups.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<BreakTypeResponse>>> ListBreakTypesAsync(OperatorGroups groups, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<BreakTypeResponse>>([.. (await groups.ListBreakTypesAsync(cancellationToken)).Select(b => new BreakTypeResponse(b.Id, b.Name, b.IsPaid))]);

    private static async Task<Created<BreakTypeResponse>> CreateBreakTypeAsync(BreakTypeRequest request, OperatorGroups groups, CancellationToken cancellationToken)
    {
        var type = await groups.CreateBreakTypeAsync(request.Name, request.IsPaid, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/break-types/{type.Id}", new BreakTypeResponse(type.Id, type.Name, type.IsPaid));
    }

    private static async Task<NoContent> DeleteBreakTypeAsync(Guid id, OperatorGroups groups, CancellationToken cancellationToken)
    {
        await groups.DeleteBreakTypeAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
