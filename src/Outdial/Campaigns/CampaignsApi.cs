using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;
using Outdial.Settings;

namespace Outdial.Campaigns;

/// <summary><c>/api/v1/campaigns</c>: campaign definitions and their lifecycle.</summary>
public static class CampaignsApi
{
    public sealed record ResultCodeDto([property: Required, StringLength(100)] string Name, [property: Required] ResultCategory? Category, bool IsFinal)
    {
        /// <summary>The codes given, or the defaults a new campaign starts with.</summary>
        public static IReadOnlyList<ResultCode> ToCodes(ResultCodeDto[]? codes) => codes is { Length: > 0 }
            ? [.. codes.Select(c => new ResultCode(c.Name.Trim(), c.Category ?? ResultCategory.Unsuccessful, c.IsFinal))]
            : CampaignSettings.DefaultResultCodes;
    }

    public sealed record CampaignRequest(
        [property: Required, StringLength(200)] string Name,
        [property: StringLength(2000)] string? Description,
        [property: Required] CampaignMode? Mode,
        int? BcwSeconds,
        int? PickupRatePercent,
        [property: Required] Guid? RoutingGroupId,
        CampaignGoal? Goal,
        ResultCodeDto[]? ResultCodes,
        Guid[]? CallerIds,
        CallerIdRotation? Rotation,
        SettingsApi.DayHoursDto[]? CallingHours,
        int? MaxAttempts,
        int? RingTimeoutSeconds,
        int? RetryDelayMinutes,
        [property: StringLength(40)] string? PhoneField,
        Guid? FilterId,
        PredictivePacing? Pacing,
        System.Text.Json.JsonElement? Rules,
        Guid? CallScriptId,
        System.Text.Json.JsonElement? Filter = null)
    {
        /// <summary>Unset values take the defaults a supervisor sees in the form.</summary>
        public CampaignSettings ToSettings() => new(
            Name, Description ?? "", Mode!.Value, BcwSeconds ?? 10, PickupRatePercent ?? 30, RoutingGroupId, Goal ?? CampaignGoal.AllContactsProcessed,
            ResultCodeDto.ToCodes(ResultCodes),
            CallerIds ?? [], Rotation ?? CallerIdRotation.RoundRobin,
            CallingHours is { } hours ? SettingsApi.ToCallingHours(hours) : null,
            MaxAttempts ?? 3, RingTimeoutSeconds ?? 25, RetryDelayMinutes ?? 60, PhoneField ?? CampaignSettings.FirstValidPhone, FilterId,
            Pacing ?? PredictivePacing.Adaptive,
            Rules is { ValueKind: not System.Text.Json.JsonValueKind.Null } rules ? rules.GetRawText() : CampaignSettings.NoRules,
            CallScriptId,
            Filter is { ValueKind: not System.Text.Json.JsonValueKind.Null } filter ? filter.GetRawText() : null);
    }

    public sealed record CampaignResponse(
        Guid Id, string Name, string Description, CampaignState State, CampaignMode Mode, string Type, int BcwSeconds, int PickupRatePercent,
        Guid? RoutingGroupId, CampaignGoal Goal, IReadOnlyList<ResultCode> ResultCodes, IReadOnlyList<Guid> CallerIds, CallerIdRotation Rotation,
        IReadOnlyList<SettingsApi.DayHoursDto>? CallingHours, int MaxAttempts, int RingTimeoutSeconds, int RetryDelayMinutes, string PhoneField, Guid? FilterId,
        PredictivePacing Pacing, System.Text.Json.JsonElement Rules, Guid? CallScriptId, System.Text.Json.JsonElement? Filter,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt)
    {
        public static CampaignResponse From(Campaign c)
        {
            var s = c.Settings;
            return new(c.Id, s.Name, s.Description, c.State, s.Mode, TelephoneType, s.BcwSeconds, s.PickupRatePercent, s.RoutingGroupId, s.Goal, s.ResultCodes,
                s.CallerIds, s.Rotation, s.CallingHours?.Days.Select(d => new SettingsApi.DayHoursDto(d.Day, d.From, d.To)).ToList(),
                s.MaxAttempts, s.RingTimeoutSeconds, s.RetryDelayMinutes, s.PhoneField, s.FilterId, s.Pacing,
                System.Text.Json.JsonDocument.Parse(s.Rules).RootElement.Clone(), s.CallScriptId,
                s.Filter is { } filter ? System.Text.Json.JsonDocument.Parse(filter).RootElement.Clone() : null, c.CreatedAt, c.StartedAt, c.EndedAt);
        }
    }

    /// <param name="WaitReason">For a record of a running or paused campaign that is not final: why it is not being dialled now (noFreeOperator, campaignPaused, callingHours, retryDelay, callback, lockout, inProgress).</param>
    /// <param name="WaitUntil">The earliest time it can be dialled, when that is known.</param>
    public sealed record RecordResponse(
        Guid Id, Guid ContactId, string ContactName, string? Phone, CampaignRecordState State, int Attempts, DateTimeOffset? NextAttemptAt,
        Guid? OperatorId, string? OperatorName, string? LastDialResult, string? LastOperatorResult, DateTimeOffset? CallbackAt,
        Dialing.WaitReason? WaitReason, DateTimeOffset? WaitUntil)
    {
        public static RecordResponse From(RecordView view, Dialing.WaitStatus? wait = null)
        {
            var r = view.Record;
            return new(r.Id, r.ContactId, view.ContactName, r.Phone, r.State, r.Attempts, r.NextAttemptAt, r.OperatorId, view.OperatorName, r.LastDialResult, r.LastOperatorResult, r.CallbackAt,
                wait?.Reason, wait?.Until);
        }
    }

    public sealed record AttemptResponse(
        Guid Id, Guid? OperatorId, DateTimeOffset StartedAt, DateTimeOffset? OfferedAt, DateTimeOffset? AcceptedAt, string? Phone, string? CallerId,
        DateTimeOffset? DialledAt, DateTimeOffset? AnsweredAt, DateTimeOffset? ConnectedAt, DateTimeOffset? EndedAt, string? DialResult, int? TalkSeconds,
        string? Result, string? SessionEnd, string? Note, string? Error)
    {
        public static AttemptResponse From(CampaignAttempt a) => new(
            a.Id, a.OperatorId, a.StartedAt, a.OfferedAt, a.AcceptedAt, a.Phone, a.CallerId, a.DialledAt, a.AnsweredAt, a.ConnectedAt, a.EndedAt,
            a.DialResult, a.TalkSeconds, a.Result, a.SessionEnd, a.Note, a.Error);
    }

    /// <summary>Either <see cref="ContactIds"/>, or <see cref="Contacts"/> matched in (or added to) the directory by <see cref="Dedupe"/>.</summary>
    public sealed record AddRecordsRequest(Guid[]? ContactIds, Outdial.Contacts.ContactsApi.ContactRequest[]? Contacts, Outdial.Contacts.DuplicateMatch? Dedupe);

    /// <param name="CampaignId">Take the result codes, attempts, retry delay and calling hours from this campaign; otherwise from the fields given (or the defaults).</param>
    /// <param name="Outcome">An example outcome to run through the rules.</param>
    public sealed record RulesCheckRequest(
        System.Text.Json.JsonElement? Rules, Guid? CampaignId, ResultCodeDto[]? ResultCodes, int? MaxAttempts, int? RetryDelayMinutes, ExampleOutcomeDto? Outcome);

    /// <param name="Attempts">Dials so far, the example's included (default 1).</param>
    /// <param name="ContactMatches">The rules (positions from 0) whose contact condition the example contact meets.</param>
    public sealed record ExampleOutcomeDto([property: Required] Dialing.DialResult? DialResult, string? Result, int? Attempts, int[]? ContactMatches);

    public sealed record RulesCheckResponse(IReadOnlyList<Dialing.Rules.RuleWarning> Warnings, RuleTrialReport? Outcome);

    public static void MapCampaignsApi(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns").RequirePermission(Permission.ManageCampaigns).RequireCampaignsFeature();
        campaigns.MapGet("/", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns, newest first, filtered by state, mode and type.");
        campaigns.MapPost("/", CreateAsync).WithName("CreateCampaign").WithSummary("Creates a draft campaign (type: telephone).");
        campaigns.MapGet("/{id:guid}", GetAsync).WithName("GetCampaign");
        campaigns.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCampaign").WithSummary("Changes the settings; once started the mode is fixed.");
        campaigns.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCampaign").WithSummary("Deletes a draft; other campaigns can only be cancelled.");
        foreach (var action in new[] { CampaignAction.Start, CampaignAction.Pause, CampaignAction.Resume, CampaignAction.Cancel })
        {
            var verb = action.ToString().ToLowerInvariant();
            campaigns.MapPost($"/{{id:guid}}/{verb}", (Guid id, CampaignDirectory directory, CancellationToken cancellationToken) => ApplyAsync(id, action, directory, cancellationToken))
                .WithName($"{action}Campaign").WithSummary($"{action}s the campaign; 409 with the current state when that is not possible.");
        }

        campaigns.MapPost("/rules/check", CheckRulesAsync).WithName("CheckCampaignRules")
            .WithSummary("Checks rules (400 naming each faulty part), lists warnings about rules that can never match or contradict the result codes, and runs an example outcome through them with the dialer's own decision.");
        campaigns.MapPost("/{id:guid}/clone", CloneAsync).WithName("CloneCampaign").WithSummary("A new draft with the same settings.");
        campaigns.MapGet("/{id:guid}/statistics", StatisticsAsync).WithName("GetCampaignStatistics")
            .WithSummary("Records by state, processed (final) and waiting, attempts so far and the operators' results.");
        campaigns.MapGet("/{id:guid}/records", ListRecordsAsync).WithName("ListCampaignRecords")
            .WithSummary("The contacts in the campaign, in dialling order, optionally of one state.");
        campaigns.MapPost("/{id:guid}/records", AddRecordsAsync).WithName("AddCampaignRecords")
            .WithSummary("Adds contacts to a draft, running, paused or endless campaign: by id ('contactIds'), or by their data ('contacts', matched in the directory by 'dedupe' or created there). Contacts already in it change nothing and are counted.");
        campaigns.MapGet("/{id:guid}/records/{recordId:guid}/attempts", async (Guid id, Guid recordId, CampaignRecords records, CancellationToken cancellationToken) =>
                TypedResults.Ok((await records.AttemptsAsync(id, recordId, cancellationToken)).Select(AttemptResponse.From).ToList()))
            .WithName("ListCampaignRecordAttempts")
            .WithSummary("The record's history of attempts: each session (offer, accept) and call (dial, answer, connect, end, dial result, talk time), the operator's result and note.");
        campaigns.MapDelete("/{id:guid}/records/{recordId:guid}", RemoveRecordAsync).WithName("RemoveCampaignRecord")
            .WithSummary("Takes a record out of the campaign (state removed); it is never dialled again.");
    }

    /// <param name="type">The campaign type; telephone is the only one so far (the seed's "type" field).</param>
    private static async Task<Ok<Page<CampaignResponse>>> ListAsync(
        CampaignDirectory directory,
        [Description("Only campaigns in this state: draft, running, paused, finished or cancelled.")] string? state,
        [Description("Only campaigns of this mode: preview, predictive or progressive.")] string? mode,
        string? type,
        int? offset,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (type is not null && !string.Equals(type, TelephoneType, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputProblem("type", $"'{type}' is not a campaign type; the only type is {TelephoneType}.");
        }

        var page = await directory.ListAsync(QueryEnums.Parse<CampaignState>(state, "state"), QueryEnums.Parse<CampaignMode>(mode, "mode"), PageRequest.From(offset, limit), cancellationToken);
        return TypedResults.Ok(page.Map(CampaignResponse.From));
    }

    private const string TelephoneType = "telephone";

    private static async Task<Created<CampaignResponse>> CreateAsync(CampaignRequest request, CampaignDirectory directory, CancellationToken cancellationToken)
    {
        var campaign = await directory.CreateAsync(request.ToSettings(), cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/campaigns/{campaign.Id}", CampaignResponse.From(campaign));
    }

    private static async Task<Ok<CampaignResponse>> GetAsync(Guid id, CampaignDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(CampaignResponse.From(await directory.GetAsync(id, cancellationToken)));

    private static async Task<Ok<CampaignResponse>> UpdateAsync(Guid id, CampaignRequest request, CampaignDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(CampaignResponse.From(await directory.UpdateAsync(id, request.ToSettings(), cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid id, CampaignDirectory directory, CancellationToken cancellationToken)
    {
        await directory.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CampaignResponse>> ApplyAsync(Guid id, CampaignAction action, CampaignDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(CampaignResponse.From(await directory.ApplyAsync(id, action, cancellationToken)));

    private static async Task<Ok<CampaignStatistics>> StatisticsAsync(Guid id, CampaignRecords records, CancellationToken cancellationToken) =>
        TypedResults.Ok(await records.StatisticsAsync(id, cancellationToken));

    private static async Task<Ok<Page<RecordResponse>>> ListRecordsAsync(
        Guid id,
        CampaignRecords records,
        Engine.CampaignEngine engine,
        [Description("Only records in this state, as the records show it: initial, retryScheduled, success, failed, …")] string? state,
        int? offset,
        int? limit,
        CancellationToken cancellationToken)
    {
        var page = await records.ListAsync(id, QueryEnums.Parse<CampaignRecordState>(state, "state"), PageRequest.From(offset, limit), cancellationToken);
        var waits = engine.ActorOf(id) is { } actor
            ? await actor.WhyWaitingAsync([.. page.Items.Select(v => v.Record.Order)])
            : new Dictionary<long, Dialing.WaitStatus>();
        return TypedResults.Ok(page.Map(v => RecordResponse.From(v, waits.GetValueOrDefault(v.Record.Order))));
    }

    private static async Task<IResult> AddRecordsAsync(Guid id, AddRecordsRequest request, CampaignRecords records, System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (request.ContactIds is not null == request.Contacts is not null)
        {
            throw new InvalidInputProblem("contactIds", "Send either 'contactIds' or 'contacts' (with an optional 'dedupe': phone, email, externalId or none).");
        }

        if ((request.ContactIds?.Length ?? request.Contacts!.Length) is 0 or > 1000)
        {
            throw new InvalidInputProblem(request.ContactIds is not null ? "contactIds" : "contacts", "Send 1 to 1,000 contacts per request.");
        }

        if (request.ContactIds is { } ids)
        {
            return TypedResults.Ok(await records.AddContactsAsync(id, ids, cancellationToken));
        }

        var inputs = request.Contacts!.Select((c, i) => c.ToInput($"contacts[{i}].")).ToList();
        return TypedResults.Ok(await records.AddContactDataAsync(id, inputs, request.Dedupe ?? Outdial.Contacts.DuplicateMatch.Phone, Outdial.Contacts.ContactsApi.ActorOf(principal), cancellationToken));
    }

    private static async Task<NoContent> RemoveRecordAsync(Guid id, Guid recordId, CampaignRecords records, CancellationToken cancellationToken)
    {
        await records.RemoveAsync(id, recordId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RulesCheckResponse>> CheckRulesAsync(
        RulesCheckRequest request, CampaignDirectory directory, CampaignRules rules, TenantSettingsStore tenant, CancellationToken cancellationToken)
    {
        var given = request.Rules is { ValueKind: not System.Text.Json.JsonValueKind.Null } json ? json.GetRawText() : CampaignSettings.NoRules;
        var settings = request.CampaignId is { } id
            ? (await directory.GetAsync(id, cancellationToken)).Settings
            : new CampaignRequest("Rules check", null, CampaignMode.Preview, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null).ToSettings();
        settings = settings with
        {
            Rules = given,
            MaxAttempts = request.MaxAttempts ?? settings.MaxAttempts,
            RetryDelayMinutes = request.RetryDelayMinutes ?? settings.RetryDelayMinutes,
            ResultCodes = request.ResultCodes is { Length: > 0 } codes ? ResultCodeDto.ToCodes(codes) : settings.ResultCodes,
        };
        var warnings = await rules.CheckAsync(settings, cancellationToken);
        var trial = request.Outcome is { } outcome
            ? rules.Try(settings, await tenant.GetAsync(cancellationToken), new ExampleOutcome(outcome.DialResult!.Value, outcome.Result, outcome.Attempts ?? 1, outcome.ContactMatches))
            : null;
        return TypedResults.Ok(new RulesCheckResponse(warnings, trial));
    }

    private static async Task<Created<CampaignResponse>> CloneAsync(Guid id, CampaignDirectory directory, CancellationToken cancellationToken)
    {
        var clone = await directory.CloneAsync(id, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/campaigns/{clone.Id}", CampaignResponse.From(clone));
    }
}
