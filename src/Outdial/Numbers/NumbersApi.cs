using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;

namespace Outdial.Numbers;

/// <summary><c>/api/v1/phone-numbers</c> (the tenant's caller IDs) and <c>/api/v1/blacklist</c> (do-not-call).</summary>
public static class NumbersApi
{
    public sealed record PhoneNumberRequest([property: Required, StringLength(64)] string Number, [property: StringLength(CallerIdNumber.MaxLabelLength)] string? Label, [property: Required] bool? Enabled, bool? Suggested);

    public sealed record PhoneNumberResponse(Guid Id, string Number, string Label, bool Enabled, bool Suggested)
    {
        public static PhoneNumberResponse From(CallerIdNumber n) => new(n.Id, n.E164, n.Label, n.Enabled, n.Suggested);
    }

    public sealed record BlacklistRequest([property: Required, StringLength(64)] string Number, bool IsPrefix, [property: StringLength(BlacklistEntry.MaxReasonLength)] string? Reason, DateTimeOffset? ExpiresAt);

    public sealed record BlacklistResponse(Guid Id, string Pattern, bool IsPrefix, string Reason, string AddedBy, DateTimeOffset AddedAt, DateTimeOffset? ExpiresAt)
    {
        public static BlacklistResponse From(BlacklistEntry e) => new(e.Id, e.Pattern, e.IsPrefix, e.Reason, e.AddedBy, e.AddedAt, e.ExpiresAt);
    }

    public sealed record ImportResponse(int Imported);

    public static void MapNumbersApi(this RouteGroupBuilder api)
    {
        var numbers = api.MapGroup("/phone-numbers").WithTags("Phone numbers");
        numbers.MapGet("/", ListNumbersAsync).WithName("ListPhoneNumbers").RequirePermission(Permission.ManageCampaigns)
            .WithSummary("The tenant's own numbers that campaigns present as caller ID; suggested ones first.");
        numbers.MapPost("/", CreateNumberAsync).WithName("CreatePhoneNumber").RequirePermission(Permission.Administer);
        numbers.MapPut("/{id:guid}", UpdateNumberAsync).WithName("UpdatePhoneNumber").RequirePermission(Permission.Administer);
        numbers.MapDelete("/{id:guid}", DeleteNumberAsync).WithName("DeletePhoneNumber").RequirePermission(Permission.Administer);

        var blacklist = api.MapGroup("/blacklist").WithTags("Blacklist").RequirePermission(Permission.ManageCampaigns);
        blacklist.MapGet("/", ListBlacklistAsync).WithName("ListBlacklist").WithSummary("Blocked numbers and prefixes, newest first; 'search' matches digits or the reason.");
        blacklist.MapPost("/", AddBlacklistAsync).WithName("AddToBlacklist")
            .WithSummary("Blocks a number (any format) or, with isPrefix, every number starting with a prefix such as +420900; optionally until expiresAt.");
        blacklist.MapDelete("/{id:guid}", RemoveBlacklistAsync).WithName("RemoveFromBlacklist");
        blacklist.MapPost("/import", ImportBlacklistAsync).WithName("ImportBlacklist").DisableAntiforgery()
            .WithSummary("Uploads a CSV file (multipart field 'file') with columns number, type (number|prefix), reason, expiresAt. Any invalid row: 400 listing every bad row, nothing written.");
        blacklist.MapGet("/check", CheckAsync).WithName("CheckBlacklist").WithSummary("Whether a number may be dialled now, and which entry blocks it.");
    }

    private static async Task<Ok<IReadOnlyList<PhoneNumberResponse>>> ListNumbersAsync(CallerIds numbers, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PhoneNumberResponse>>([.. (await numbers.ListAsync(cancellationToken)).Select(PhoneNumberResponse.From)]);

    private static async Task<Created<PhoneNumberResponse>> CreateNumberAsync(PhoneNumberRequest request, CallerIds numbers, CancellationToken cancellationToken)
    {
        var number = await numbers.CreateAsync(request.Number, request.Label ?? "", request.Enabled!.Value, request.Suggested ?? false, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/phone-numbers/{number.Id}", PhoneNumberResponse.From(number));
    }

    private static async Task<Ok<PhoneNumberResponse>> UpdateNumberAsync(Guid id, PhoneNumberRequest request, CallerIds numbers, CancellationToken cancellationToken) =>
        TypedResults.Ok(PhoneNumberResponse.From(await numbers.UpdateAsync(id, request.Number, request.Label ?? "", request.Enabled!.Value, request.Suggested ?? false, cancellationToken)));

    private static async Task<NoContent> DeleteNumberAsync(Guid id, CallerIds numbers, CancellationToken cancellationToken)
    {
        await numbers.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<BlacklistResponse>>> ListBlacklistAsync(Blacklist blacklist, string? search, int? offset, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await blacklist.ListAsync(search, PageRequest.From(offset, limit), cancellationToken)).Map(BlacklistResponse.From));

    private static async Task<Created<BlacklistResponse>> AddBlacklistAsync(BlacklistRequest request, Blacklist blacklist, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var entry = await blacklist.AddAsync(request.Number, request.IsPrefix, request.Reason, principal.Identity?.Name ?? "API", request.ExpiresAt, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/blacklist/{entry.Id}", BlacklistResponse.From(entry));
    }

    private static async Task<NoContent> RemoveBlacklistAsync(Guid id, Blacklist blacklist, CancellationToken cancellationToken)
    {
        await blacklist.RemoveAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ImportResponse>> ImportBlacklistAsync(IFormFile? file, Blacklist blacklist, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            throw new InvalidInputProblem("file", "Attach a CSV file in the multipart field 'file'.");
        }

        using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
        return TypedResults.Ok(new ImportResponse(await blacklist.ImportAsync(reader, principal.Identity?.Name ?? "API", cancellationToken)));
    }

    private static async Task<Ok<BlacklistCheck>> CheckAsync(string number, Blacklist blacklist, CancellationToken cancellationToken) =>
        TypedResults.Ok(await blacklist.CheckAsync(number, cancellationToken));
}
