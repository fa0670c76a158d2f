using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;

namespace Outdial.Api;

/// <summary>
/// What every endpoint under <c>/api/v1</c> shares: JSON settings, RFC 9457 problem details,
/// validation, paging and the OpenAPI description. See docs/api.md.
/// </summary>
public static class ApiConventions
{
    public const string Prefix = "/api/v1";

    public static WebApplicationBuilder AddOutdialApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                UseJsonNames(validation.Errors);
            }

            // Every error says what to do next, also those the framework writes with a status only.
            if (string.IsNullOrEmpty(context.ProblemDetails.Detail))
            {
                context.ProblemDetails.Detail = DefaultDetail(context.ProblemDetails, context.HttpContext.Request);
            }
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddValidation();

        // Route handlers throw on malformed requests in every environment, so that the one
        // exception handler turns them into problem details that name the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Outdial API",
                Version = "v1",
                Description = "Outbound telephone campaigns: contacts, campaigns, operators and sessions. " +
                    "Authenticate with 'Authorization: Bearer <API token>'. Errors are RFC 9457 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An Outdial API token (odt_…), created under API tokens or with `outdial token create`.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));

        // A misspelt property is an error that names it, not a silently ignored value.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>
    /// Validation names fields after C# properties ("Name"); clients know them by their JSON
    /// names ("name"), so every error key is rewritten to the JSON naming policy.
    /// </summary>
    private static void UseJsonNames(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.ToList())
        {
            var jsonKey = string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
            if (jsonKey != key)
            {
                errors[jsonKey] = errors.TryGetValue(jsonKey, out var existing) ? [.. existing, .. errors[key]] : errors[key];
                errors.Remove(key);
            }
        }
    }

    private static string DefaultDetail(Microsoft.AspNetCore.Mvc.ProblemDetails problem, HttpRequest request) => problem.Status switch
    {
        400 when problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation =>
            string.Join(" ", validation.Errors.SelectMany(e => e.Value)) + " Correct the fields named in 'errors' and send the request again.",
        400 => "The request is malformed. Check it against the API reference at /api/docs.",
        401 => "Send 'Authorization: Bearer <API token>' with a valid token (create one under API tokens, or with `outdial token create`).",
        403 => "Your role does not allow this. Ask an administrator for a role that has the permission.",
        404 => $"Nothing is at {request.Path}. Check the path and the id; the API reference is at /api/docs.",
        405 => $"{request.Path} does not take {request.Method}. The API reference at /api/docs lists what each path takes.",
        415 => $"This endpoint does not take a body of type '{request.ContentType ?? "none"}'. Send JSON, or multipart/form-data where a file is uploaded (see /api/docs).",
        _ => "See the API reference at /api/docs, or give an administrator the traceId.",
    };

    /// <summary>The group all version-1 endpoints hang from.</summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints) => endpoints.MapGroup(Prefix);

    /// <summary>Problem details for API responses that have a status code but no body (404 route, 405, 401 …).</summary>
    public static IApplicationBuilder UseApiStatusCodeProblems(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseStatusCodePages());
}
