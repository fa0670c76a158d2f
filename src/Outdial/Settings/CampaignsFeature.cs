namespace Outdial.Settings;

/// <summary>
/// The campaigns feature can be switched off per tenant. Every campaign endpoint is mapped with
/// <see cref="RequireCampaignsFeature{TBuilder}"/>; <see cref="UseCampaignsFeatureGate"/> then
/// answers it with a problem detail.
/// </summary>
public static class CampaignsFeature
{
    public const string TurnedOff =
        "The campaigns feature is turned off for this tenant. An administrator can turn it on under Settings → General.";

    public static TBuilder RequireCampaignsFeature<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CampaignsFeatureMetadata());

    /// <summary>
    /// Answers every endpoint marked with <see cref="RequireCampaignsFeature{TBuilder}"/> while the
    /// feature is off — after authentication and authorization, before the request body is read,
    /// so the answer is the same whatever the request carries.
    /// </summary>
    public static IApplicationBuilder UseCampaignsFeatureGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CampaignsFeatureMetadata>() is not null
            && await RefusalAsync(context.RequestServices.GetRequiredService<TenantSettingsStore>(), context.RequestAborted) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>The problem to answer with while the feature is off; null while it is on.</summary>
    public static async Task<IResult?> RefusalAsync(TenantSettingsStore store, CancellationToken cancellationToken) =>
        (await store.GetAsync(cancellationToken)).CampaignsEnabled
            ? null
            : TypedResults.Problem(TurnedOff, statusCode: StatusCodes.Status403Forbidden, title: "Feature turned off");
}

/// <summary>Marks an endpoint that belongs to the campaigns feature (read by a test that checks every campaign endpoint is gated).</summary>
public sealed class CampaignsFeatureMetadata;
