using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Outdial.Api;
using Outdial.Identity;

namespace Outdial.Contacts;

/// <summary><c>/api/v1/contact-fields</c>: custom fields of the contact directory.</summary>
public static class ContactFieldsApi
{
    public sealed record FieldRequest(
        [property: Required, StringLength(ContactField.MaxKeyLength)] string Key,
        [property: Required, StringLength(ContactField.MaxLabelLength)] string Label,
        [property: Required] ContactFieldType Type,
        string[]? Options);

    public sealed record FieldUpdateRequest([property: Required, StringLength(ContactField.MaxLabelLength)] string Label, string[]? Options);

    public sealed record FieldResponse(string Key, string Label, ContactFieldType Type, IReadOnlyList<string> Options)
    {
        public static FieldResponse From(ContactField field) => new(field.Key, field.Label, field.Type, field.Options);
    }

    public static void MapContactFieldsApi(this RouteGroupBuilder api)
    {
        var fields = api.MapGroup("/contact-fields").WithTags("Contact fields");
        fields.MapGet("/", ListAsync).WithName("ListContactFields").RequirePermission(Permission.ManageContacts)
            .WithSummary("Custom fields: key (used in filters as custom.KEY and in the API), label, type and options.");
        fields.MapPost("/", CreateAsync).WithName("CreateContactField").RequirePermission(Permission.Administer)
            .WithSummary("Defines a custom field: text, number, date, yesNo or oneOf (with options).");
        fields.MapPut("/{key}", UpdateAsync).WithName("UpdateContactField").RequirePermission(Permission.Administer)
            .WithSummary("Changes the label and, for oneOf fields, the options. The key and type never change.");
        fields.MapDelete("/{key}", DeleteAsync).WithName("DeleteContactField").RequirePermission(Permission.Administer)
            .WithSummary("Deletes the field and its value on every contact.");
    }

    private static async Task<Ok<IReadOnlyList<FieldResponse>>> ListAsync(ContactFields fields, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<FieldResponse>>([.. (await fields.ListAsync(cancellationToken)).Select(FieldResponse.From)]);

    private static async Task<Created<FieldResponse>> CreateAsync(FieldRequest request, ContactFields fields, CancellationToken cancellationToken)
    {
        var field = await fields.CreateAsync(request.Key, request.Label, request.Type, request.Options, cancellationToken);
        return TypedResults.Created($"{ApiConventions.Prefix}/contact-fields/{field.Key}", FieldResponse.From(field));
    }

    private static async Task<Ok<FieldResponse>> UpdateAsync(string key, FieldUpdateRequest request, ContactFields fields, CancellationToken cancellationToken) =>
        TypedResults.Ok(FieldResponse.From(await fields.UpdateAsync(key, request.Label, request.Options, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(string key, ContactFields fields, CancellationToken cancellationToken)
    {
        await fields.DeleteAsync(key, cancellationToken);
        return TypedResults.NoContent();
    }
}
