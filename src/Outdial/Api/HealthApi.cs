using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Outdial.Persistence;

namespace Outdial.Api;

public static class HealthApi
{
    public sealed record HealthResponse(string Status, string Version, string Database);

    public static string Version { get; } =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapHealthApi(this RouteGroupBuilder api) =>
        api.MapGet("/health", GetHealthAsync)
            .AllowAnonymous()
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Whether the server and its database answer. Needs no authentication.");

    private static async Task<IResult> GetHealthAsync(IDbContextFactory<OutdialDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var databaseOk = await db.Database.CanConnectAsync(cancellationToken);
        var body = new HealthResponse(databaseOk ? "ok" : "degraded", Version, databaseOk ? "ok" : "unreachable");
        return databaseOk ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
