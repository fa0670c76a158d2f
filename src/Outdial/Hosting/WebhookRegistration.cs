using Outdial.Webhooks;

namespace Outdial.Hosting;

/// <summary>Webhooks: the event queue, the dispatcher that stores deliveries, the sender (docs/webhooks.md).</summary>
public static class WebhookRegistration
{
    public static IServiceCollection AddOutdialWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Redirects are not followed: a delivery goes to the address that was registered, and a
        // 3xx counts as a failure that the administrator sees.
        services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout, on the injected clock
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Outdial-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // WebhookLog records failures; the factory's own lines (four per delivery, with the
            // full URL, which may hold an integrator's token) would only add noise.
            .RemoveAllLoggers();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(s => s.GetRequiredService<WebhookSender>());
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<CampaignStateWebhooks>();
        services.AddSingleton<WebhookRegistry>();
        return services;
    }
}
