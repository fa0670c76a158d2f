using Outdial.Engine;

namespace Outdial.Hosting;

/// <summary>The campaign engine: actors, the store, desks, routing and the telephony provider (docs/engine.md).</summary>
public static class EngineRegistration
{
    public static IServiceCollection AddOutdialEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section);
        var provider = configuration[$"{TelephonyOptions.Section}:Provider"] ?? "Simulated";
        if (!provider.Equals("Simulated", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Telephony:Provider is '{provider}', which this version does not have. Use Simulated (the built-in SIP provider is not available yet).");
        }

        services.AddSingleton<ITelephonyProvider, SimulatedTelephony>();
        services.AddSingleton<EngineStore>();
        services.AddSingleton<EngineMetrics>();
        services.AddSingleton<EngineRecovery>();
        services.AddSingleton<OperatorDesks>();
        services.AddSingleton<DeskActions>();
        services.AddSingleton<RuleEffects>();
        services.AddHostedService(s => s.GetRequiredService<RuleEffects>());
        services.AddSingleton<CampaignEngine>();
        services.AddHostedService(s => s.GetRequiredService<CampaignEngine>());
        services.AddSingleton<OperatorRouter>();
        services.AddHostedService(s => s.GetRequiredService<OperatorRouter>());
        services.AddOptions<Demo.DemoOptions>().BindConfiguration(Demo.DemoOptions.Section);
        if (configuration.GetValue<bool>($"{Demo.DemoOptions.Section}:Enabled"))
        {
            services.AddHostedService<Demo.DemoMode>();
        }

        return services;
    }
}
