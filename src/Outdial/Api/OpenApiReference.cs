using Scalar.AspNetCore;

namespace Outdial.Api;

public static class OpenApiReference
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the interactive reference at <c>/api/docs</c>.</summary>
    public static void MapOpenApiReference(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs", options => options
                .WithTitle("Outdial API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
    }
}
