using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;
using Outdial.Settings;

namespace Outdial.Scripts;

/// <summary><c>/api/v1/call-scripts</c>: the forms operators go through during calls, and their versions.</summary>
public static class CallScriptsApi
{
    public sealed record ShowIfDto(string? Key, string? Value);

    /// <param name="Key">The session parameter the answer is saved under.</param>
    /// <param name="Options">The choices of singleChoice, multipleChoice and dropDown elements.</param>
    /// <param name="Text">For text elements: what the operator reads, with placeholders such as {firstName}.</param>
    /// <param name="ShowIf">Show the element only when the earlier element 'key' was answered 'value' (multiple choice: includes it).</param>
    public sealed record ElementDto(string? Key, ScriptElementKind? Kind, string? Label, string? Help, bool? Required, string[]? Options, string? Text, ShowIfDto? ShowIf)
    {
        public static ElementDto From(ScriptElement e) =>
            new(e.Key, e.Kind, e.Label, e.Help, e.Required, [.. e.Options], e.Text, e.ShowIf is { } s ? new ShowIfDto(s.Key, s.Value) : null);

        public ScriptElement ToElement(int index) => new(
            Key ?? "",
            Kind ?? throw new InvalidInputProblem($"elements[{index}].kind", "Give the element a kind, such as shortText or singleChoice."),
            Label ?? "", Help ?? "", Required ?? false, Options ?? [], Text ?? "",
            ShowIf is { } s ? new Outdial.Scripts.ShowIf(s.Key ?? "", s.Value ?? "") : null);
    }

    public sealed record CallScriptRequest(
        [property: Required, StringLength(CallScript.MaxNameLength)] string Name,
        [property: StringLength(CallScript.MaxDescriptionLength)] string? Description,
        [property: Required] ElementDto[]? Elements)
    {
        public IReadOnlyList<ScriptElement> ToElements() => [.. Elements!.Select((e, i) => e.ToElement(i))];
    }

    public sealed record CallScriptSummaryResponse(Guid Id, string Name, string Description, int CurrentVersion, int ElementCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static CallScriptSummaryResponse From(CallScriptSummary s) =>
            new(s.Script.Id, s.Script.Name, s.Script.Description, s.Script.CurrentVersion, s.Current.Elements.Count, s.Script.CreatedAt, s.Script.UpdatedAt);
    }

    public sealed record VersionInfo(int Version, int ElementCount, DateTimeOffset CreatedAt, string? CreatedBy);

    /// <param name="Elements">The elements of the current version.</param>
    /// <param name="Versions">Every version, oldest first.</param>
    public sealed record CallScriptResponse(
        Guid Id, string Name, string Description, int CurrentVersion, IReadOnlyList<ElementDto> Elements, IReadOnlyList<VersionInfo> Versions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static CallScriptResponse From(CallScriptDetail d) => new(
            d.Script.Id, d.Script.Name, d.Script.Description, d.Script.CurrentVersion, [.. d.Current.Elements.Select(ElementDto.From)],
            [.. d.Versions.Select(v => new VersionInfo(v.Version, v.Elements.Count, v.CreatedAt, v.CreatedBy))], d.Script.CreatedAt, d.Script.UpdatedAt);
    }

    public sealed record CallScriptVersionResponse(Guid ScriptId, int Version, IReadOnlyList<ElementDto> Elements, DateTimeOffset CreatedAt, string? CreatedBy)
    {
        public static CallScriptVersionResponse From(CallScriptVersion v) => new(v.ScriptId, v.Version, [.. v.Elements.Select(ElementDto.From)], v.CreatedAt, v.CreatedBy);
    }

    /// <param name="Answers">By element key: strings, numbers, true/false for yes/no, and for multiple choice a list of options or one string separated by ';'.</param>
    public sealed record AnswersRequest([property: Required] Dictionary<string, JsonElement>? Answers);

    /// <param name="Answers">Each shown, answered question in its stored form (docs/call-scripts.md).</param>
    public sealed record AnswersResponse(IReadOnlyDictionary<string, string> Answers);

    public static void MapCallScriptsApi(this RouteGroupBuilder api)
    {
        var scripts = api.MapGroup("/call-scripts").WithTags("Call scripts").RequireCampaignsFeature();
        scripts.MapGet("/", ListAsync).WithName("ListCallScripts").RequireAnyPermission(Permission.ManageCampaigns, Permission.Operator)
            .WithSummary("Call scripts by name, with their current version and number of elements.");
        scripts.MapPost("/", CreateAsync).WithName("CreateCallScript").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Creates a script; its elements become version 1.");
        scripts.MapGet("/{id:guid}", GetAsync).WithName("GetCallScript").RequireAnyPermission(Permission.ManageCampaigns, Permission.Operator)
            .WithSummary("The script with the elements of its current version and the list of its versions.");
        scripts.MapGet("/{id:guid}/versions/{version:int}", GetVersionAsync).WithName("GetCallScriptVersion").RequireAnyPermission(Permission.ManageCampaigns, Permission.Operator)
            .WithSummary("One version, as it was saved; versions never change.");
        scripts.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCallScript").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Changes name and description; elements that differ from the current version are saved as the next version.");
        scripts.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCallScript").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("Deletes the script and its versions; 409 while a campaign that has started uses it. Drafts that chose it are left without a script.");
        scripts.MapPost("/{id:guid}/versions/{version:int}/validate", ValidateAsync).WithName("ValidateCallScriptAnswers")
            .RequireAnyPermission(Permission.ManageCampaigns, Permission.Operator)
            .WithSummary("Checks answers to a version: 200 with the answers in their stored form, or 400 naming each field ('answers.KEY').");
    }

    private static async Task<Ok<Page<CallScriptSummaryResponse>>> ListAsync(CallScripts scripts, int? offset, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await scripts.ListAsync(PageRequest.From(offset, limit), cancellationToken)).Map(CallScriptSummaryResponse.From));

    private static async Task<Created<CallScriptResponse>> CreateAsync(CallScriptRequest request, CallScripts scripts, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var script = await scripts.CreateAsync(request.Name, request.Description ?? "", request.ToElements(), principal.Identity?.Name, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/call-scripts/{script.Script.Id}", CallScriptResponse.From(script));
    }

    private static async Task<Ok<CallScriptResponse>> GetAsync(Guid id, CallScripts scripts, CancellationToken cancellationToken) =>
        TypedResults.Ok(CallScriptResponse.From(await scripts.GetAsync(id, cancellationToken)));

    private static async Task<Ok<CallScriptVersionResponse>> GetVersionAsync(Guid id, int version, CallScripts scripts, CancellationToken cancellationToken) =>
        TypedResults.Ok(CallScriptVersionResponse.From(await scripts.GetVersionAsync(id, version, cancellationToken)));

    private static async Task<Ok<CallScriptResponse>> UpdateAsync(Guid id, CallScriptRequest request, CallScripts scripts, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(CallScriptResponse.From(await scripts.UpdateAsync(id, request.Name, request.Description ?? "", request.ToElements(), principal.Identity?.Name, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid id, CallScripts scripts, CancellationToken cancellationToken)
    {
        await scripts.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AnswersResponse>> ValidateAsync(Guid id, int version, AnswersRequest request, CallScripts scripts, CancellationToken cancellationToken)
    {
        var answers = AnswersOf(request.Answers!);
        var checkedAnswers = await scripts.CheckAnswersAsync(id, version, answers, cancellationToken);
        return TypedResults.Ok(new AnswersResponse(checkedAnswers.ThrowIfInvalid()));
    }

    /// <summary>Answers as integrators send them (JSON values by element key), as the script reads them: text.</summary>
    public static Dictionary<string, string?> AnswersOf(IReadOnlyDictionary<string, JsonElement> answers) =>
        answers.ToDictionary(a => a.Key, a => AnswerText(a.Key, a.Value));

    private static string? AnswerText(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            string.Join(ScriptAnswers.ChoiceSeparator, value.EnumerateArray().Select(v => v.GetString())),
        _ => throw new InvalidInputProblem($"answers.{key}", "Send the answer as a string, a number, true/false, or a list of the chosen options."),
    };
}
