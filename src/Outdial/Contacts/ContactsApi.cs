using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Contacts.Filters;
using Outdial.Identity;

namespace Outdial.Contacts;

/// <summary><c>/api/v1/contacts</c>: the contact directory.</summary>
public static class ContactsApi
{
    public sealed record PhoneRequest([property: Required, StringLength(PhoneNumber.MaxLength)] string Number, [property: StringLength(ContactPhone.MaxLabelLength)] string? Label);

    public sealed record ContactRequest(
        [property: StringLength(DirectoryRules.MaxTextLength)] string? FirstName,
        [property: StringLength(DirectoryRules.MaxTextLength)] string? LastName,
        [property: StringLength(DirectoryRules.MaxTextLength)] string? DisplayName,
        [property: StringLength(DirectoryRules.MaxTextLength)] string? Company,
        [property: StringLength(DirectoryRules.MaxTextLength)] string? ExternalId,
        [property: StringLength(64)] string? TimeZone,
        PhoneRequest[]? Phones,
        string[]? Emails,
        Dictionary<string, JsonElement>? Custom)
    {
        /// <summary>Custom values arrive as JSON strings, numbers, booleans or null; the domain reads them as text.</summary>
        public ContactInput ToInput(string path = "")
        {
            var custom = new Dictionary<string, string?>();
            foreach (var (key, value) in Custom ?? [])
            {
                custom[key] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => throw new InvalidInputProblem($"{path}custom.{key}", "A custom value is a string, a number, true/false or null."),
                };
            }

            return new ContactInput(FirstName, LastName, DisplayName, Company, ExternalId, TimeZone,
                [.. (Phones ?? []).Select(p => new PhoneInput(p.Number, p.Label))], Emails, custom);
        }
    }

    public sealed record PhoneResponse(string Label, string Number, string? E164, bool Valid);

    public sealed record ContactResponse(
        Guid Id,
        string? FirstName,
        string? LastName,
        string DisplayName,
        string? Company,
        string? ExternalId,
        string TimeZone,
        bool TimeZoneIsExplicit,
        IReadOnlyList<PhoneResponse> Phones,
        IReadOnlyList<string> Emails,
        IReadOnlyDictionary<string, object?> Custom,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt)
    {
        public static ContactResponse From(Contact c) => new(
            c.Id, c.FirstName, c.LastName, c.DisplayName, c.Company, c.ExternalId, c.TimeZone, c.TimeZoneIsExplicit,
            [.. c.Phones.OrderBy(p => p.Position).Select(p => new PhoneResponse(p.Label, p.Original, p.E164, p.IsValid))],
            [.. c.Emails.OrderBy(e => e.Position).Select(e => e.Address)],
            c.Values.OrderBy(v => v.FieldKey, StringComparer.Ordinal).ToDictionary(v => v.FieldKey, v => Typed(v.Value)),
            c.CreatedAt, c.UpdatedAt);

        private static object? Typed(FieldValue value) =>
            value.Number ?? (object?)value.YesNo ?? value.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? value.Text;
    }

    /// <summary>Warnings name kept-but-unusable data, such as a phone number that cannot be dialled.</summary>
    public sealed record SavedContactResponse(ContactResponse Contact, IReadOnlyList<string> Warnings);

    public sealed record BulkRequest([property: Required] ContactRequest[] Contacts);

    public sealed record BulkItemResponse(int Index, string Status, Guid? Id, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyList<string> Warnings);

    public sealed record BulkResponse(int Created, int Failed, IReadOnlyList<BulkItemResponse> Results);

    public sealed record QueryRequest(JsonElement? Filter, Guid? FilterId, [property: StringLength(200)] string? Search, string? Sort, int? Offset, int? Limit);

    public sealed record CountRequest(JsonElement? Filter, Guid? FilterId);

    public sealed record CountResponse(int Count);

    public sealed record MergeRequest([property: Required] Guid OtherContactId);

    public sealed record TimelineEntry(Guid Id, DateTimeOffset At, string Kind, string Text, string? Actor);

    public static void MapContactsApi(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts").RequirePermission(Permission.ManageContacts);
        contacts.MapGet("/", ListAsync).WithName("ListContacts")
            .WithSummary("Contacts, searched by name, company, e-mail or phone (any format), sorted and paged; optionally through a saved filter.");
        contacts.MapPost("/", CreateAsync).WithName("CreateContact")
            .WithSummary("Creates a contact. A phone that cannot be parsed is kept, flagged invalid and reported in 'warnings'.");
        contacts.MapGet("/{id:guid}", GetAsync).WithName("GetContact");
        contacts.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateContact").WithSummary("Replaces every field of the contact.");
        contacts.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteContact");
        contacts.MapPost("/bulk", BulkCreateAsync).WithName("CreateContacts")
            .WithSummary($"Creates up to {ContactDirectory.MaxBulk} contacts; the result lists each item as created or failed with its errors.");
        contacts.MapPost("/query", QueryAsync).WithName("QueryContacts")
            .WithSummary("A page of contacts matching an inline filter (see docs/contact-filters.md) or a saved one.");
        contacts.MapPost("/count", CountAsync).WithName("CountContacts").WithSummary("How many contacts match an inline or saved filter.");
        contacts.MapGet("/{id:guid}/timeline", TimelineAsync).WithName("GetContactTimeline").WithSummary("Everything that happened with the contact, newest first.");
        contacts.MapGet("/export", ExportAsync).WithName("ExportContacts")
            .WithSummary("Contacts as CSV (UTF-8), optionally through 'search', a saved filter ('filterId') or an inline filter ('filter', JSON). Formula-like cells are neutralised.");
        contacts.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeContacts")
            .WithSummary("Merges another contact into this one (fields it lacks, phones, e-mails, custom values, timeline) and deletes the other.");
    }

    /// <summary>Streams the CSV export; shared by the API and the UI's download link.</summary>
    public static async Task ExportAsync(HttpContext http, ContactDirectory directory, SavedFilters filters, ContactExport export, string? search, Guid? filterId, string? filter)
    {
        FilterNode? node = null;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(filter);
            }
            catch (JsonException)
            {
                throw new InvalidInputProblem("filter", "The filter is not valid JSON; see docs/contact-filters.md.");
            }

            using (document)
            {
                node = await ResolveFilterAsync(document.RootElement.Clone(), filterId, directory, filters, http.RequestAborted);
            }
        }
        else if (filterId is not null)
        {
            node = await ResolveFilterAsync(null, filterId, directory, filters, http.RequestAborted);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, Csv.CsvWriter.Encoding);
        await export.WriteAsync(writer, search, node, http.RequestAborted);
    }

    public static Actor ActorOf(ClaimsPrincipal principal) => new(principal.UserId(), principal.Identity?.Name ?? "someone");

    private static async Task<Ok<Page<ContactResponse>>> ListAsync(
        ContactDirectory directory, SavedFilters filters, string? search, string? sort, Guid? filterId, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(offset, limit);
        var (order, descending) = ParseSort(sort);
        FilterNode? filter = filterId is { } id ? await filters.ResolveAsync(id, cancellationToken) : null;
        var result = await directory.ListAsync(search, filter, order, descending, page, cancellationToken);
        return TypedResults.Ok(result.Map(ContactResponse.From));
    }

    private static async Task<Created<SavedContactResponse>> CreateAsync(ContactRequest request, ContactDirectory directory, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var saved = await directory.CreateAsync(request.ToInput(), ActorOf(principal), cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/contacts/{saved.Contact.Id}", new SavedContactResponse(ContactResponse.From(saved.Contact), saved.Warnings));
    }

    private static async Task<Ok<ContactResponse>> GetAsync(Guid id, ContactDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContactResponse.From(await directory.GetAsync(id, cancellationToken)));

    private static async Task<Ok<SavedContactResponse>> UpdateAsync(Guid id, ContactRequest request, ContactDirectory directory, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var saved = await directory.UpdateAsync(id, request.ToInput(), ActorOf(principal), cancellationToken);
        return TypedResults.Ok(new SavedContactResponse(ContactResponse.From(saved.Contact), saved.Warnings));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, ContactDirectory directory, CancellationToken cancellationToken)
    {
        await directory.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<BulkResponse>> BulkCreateAsync(BulkRequest request, ContactDirectory directory, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (request.Contacts.Length is 0 or > ContactDirectory.MaxBulk)
        {
            throw new InvalidInputProblem("contacts", $"Send 1 to {ContactDirectory.MaxBulk} contacts per request.");
        }

        var inputs = new List<(int Index, ContactInput Input)>();
        var items = new List<BulkItemResponse>();
        for (var i = 0; i < request.Contacts.Length; i++)
        {
            try
            {
                inputs.Add((i, request.Contacts[i].ToInput()));
            }
            catch (InvalidInputProblem problem)
            {
                items.Add(new BulkItemResponse(i, "failed", null, problem.Errors, []));
            }
        }

        var results = inputs.Count > 0 ? await directory.CreateManyAsync(inputs, ActorOf(principal), cancellationToken) : [];
        items.AddRange(results.Select(r => new BulkItemResponse(r.Index, r.Id is null ? "failed" : "created", r.Id, r.Errors, r.Warnings)));
        items.Sort((a, b) => a.Index.CompareTo(b.Index));
        return TypedResults.Ok(new BulkResponse(items.Count(i => i.Status == "created"), items.Count(i => i.Status == "failed"), items));
    }

    private static async Task<Ok<Page<ContactResponse>>> QueryAsync(QueryRequest request, ContactDirectory directory, SavedFilters filters, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(request.Offset, request.Limit);
        var (order, descending) = ParseSort(request.Sort);
        var filter = await ResolveFilterAsync(request.Filter, request.FilterId, directory, filters, cancellationToken);
        var result = await directory.ListAsync(request.Search, filter, order, descending, page, cancellationToken);
        return TypedResults.Ok(result.Map(ContactResponse.From));
    }

    private static async Task<Ok<CountResponse>> CountAsync(CountRequest request, ContactDirectory directory, SavedFilters filters, CancellationToken cancellationToken)
    {
        var filter = await ResolveFilterAsync(request.Filter, request.FilterId, directory, filters, cancellationToken);
        return TypedResults.Ok(new CountResponse(await directory.CountAsync(filter, cancellationToken)));
    }

    private static async Task<Ok<Page<TimelineEntry>>> TimelineAsync(Guid id, ContactDirectory directory, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var events = await directory.TimelineAsync(id, PageRequest.From(offset, limit), cancellationToken);
        return TypedResults.Ok(events.Map(e => new TimelineEntry(e.Id, e.At, JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()), e.Text, e.ActorName)));
    }

    private static async Task<Ok<ContactResponse>> MergeAsync(Guid id, MergeRequest request, ContactDirectory directory, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContactResponse.From(await directory.MergeAsync(id, request.OtherContactId, ActorOf(principal), cancellationToken)));

    private static async Task<FilterNode?> ResolveFilterAsync(JsonElement? inline, Guid? savedId, ContactDirectory directory, SavedFilters filters, CancellationToken cancellationToken)
    {
        if (inline is { ValueKind: not JsonValueKind.Null } json && savedId is not null)
        {
            throw new InvalidInputProblem("filterId", "Send either an inline 'filter' or a 'filterId', not both.");
        }

        if (savedId is { } id)
        {
            return await filters.ResolveAsync(id, cancellationToken);
        }

        return inline is { ValueKind: not JsonValueKind.Null } filter ? await directory.ParseFilterAsync(filter, "filter", cancellationToken) : null;
    }

    /// <summary>"lastName" sorts ascending, "-lastName" descending.</summary>
    public static (ContactSort Sort, bool Descending) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return (ContactSort.DisplayName, false);
        }

        var descending = sort.StartsWith('-');
        var name = sort.TrimStart('-', '+');
        return QueryEnums.TryName<ContactSort>(name, out var order)
            ? (order, descending)
            : throw new InvalidInputProblem("sort", "Sort by displayName, lastName, company, createdAt or updatedAt; put '-' in front for descending order.");
    }
}
