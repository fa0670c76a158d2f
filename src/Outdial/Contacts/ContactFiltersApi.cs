using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;

namespace Outdial.Contacts;

/// <summary><c>/api/v1/contact-filters</c>: saved, named filters over the contact directory.</summary>
public static class ContactFiltersApi
{
    public sealed record FilterRequest([property: Required, StringLength(SavedFilter.MaxNameLength)] string Name, [property: Required] JsonElement Definition);

    public sealed record FilterResponse(Guid Id, string Name, JsonElement Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static FilterResponse From(SavedFilter filter)
        {
            using var json = JsonDocument.Parse(filter.Definition);
            return new FilterResponse(filter.Id, filter.Name, json.RootElement.Clone(), filter.CreatedAt, filter.UpdatedAt);
        }
    }

    public static void MapContactFiltersApi(this RouteGroupBuilder api)
    {
        var filters = api.MapGroup("/contact-filters").WithTags("Contact filters").RequirePermission(Permission.ManageContacts);
        filters.MapGet("/", ListAsync).WithName("ListContactFilters");
        filters.MapPost("/", CreateAsync).WithName("CreateContactFilter")
            .WithSummary("Saves a named filter; 'definition' is a condition tree as described in docs/contact-filters.md.");
        filters.MapGet("/{id:guid}", GetAsync).WithName("GetContactFilter");
        filters.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateContactFilter");
        filters.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteContactFilter");
        filters.MapGet("/{id:guid}/count", CountAsync).WithName("CountContactFilter").WithSummary("How many contacts the filter matches now.");
    }

    private static async Task<Ok<IReadOnlyList<FilterResponse>>> ListAsync(SavedFilters filters, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<FilterResponse>>([.. (await filters.ListAsync(cancellationToken)).Select(FilterResponse.From)]);

    private static async Task<Created<FilterResponse>> CreateAsync(FilterRequest request, SavedFilters filters, CancellationToken cancellationToken)
    {
        var filter = await filters.CreateAsync(request.Name, request.Definition, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/contact-filters/{filter.Id}", FilterResponse.From(filter));
    }

    private static async Task<Ok<FilterResponse>> GetAsync(Guid id, SavedFilters filters, CancellationToken cancellationToken) =>
        TypedResults.Ok(FilterResponse.From(await filters.GetAsync(id, cancellationToken)));

    private static async Task<Ok<FilterResponse>> UpdateAsync(Guid id, FilterRequest request, SavedFilters filters, CancellationToken cancellationToken) =>
        TypedResults.Ok(FilterResponse.From(await filters.UpdateAsync(id, request.Name, request.Definition, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid id, SavedFilters filters, CancellationToken cancellationToken)
    {
        await filters.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ContactsApi.CountResponse>> CountAsync(Guid id, SavedFilters filters, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ContactsApi.CountResponse(await filters.CountAsync(id, cancellationToken)));
}
