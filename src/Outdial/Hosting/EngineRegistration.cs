using Microsoft.Extensions.Options;
using Outdial.Engine;
using Outdial.Telephony;

namespace Outdial.Hosting;

/// <summary>The campaign engine: actors, the store, desks, routing and the telephony provider (docs/engine.md).</summary>
public static class EngineRegistration
{
    public static IServiceCollection AddOutdialEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section);
        var provider = configuration[$"{TelephonyOptions.Section}:Provider"] ?? "Simulated";
        if (provider.Equals("Sip", StringComparison.OrdinalIgnoreCase))
        {
            services.AddOptions<SipTelephonyOptions>().BindConfiguration(SipTelephonyOptions.Section).ValidateOnStart();
            services.AddSingleton<IValidateOptions<SipTelephonyOptions>, SipTelephonyOptionsValidation>();
            services.AddSingleton<OperatorPhoneBook>();
            services.AddSingleton<SipTelephony>();
            services.AddSingleton<ITelephonyProvider>(s => s.GetRequiredService<SipTelephony>());

            // Registered before the engine, so the user agent listens before any campaign dials.
            services.AddHostedService(s => s.GetRequiredService<SipTelephony>());
        }
        else if (provider.Equals("Simulated", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<ITelephonyProvider, SimulatedTelephony>();
        }
        else
        {
            throw new InvalidOperationException($"Telephony:Provider is '{provider}', which Outdial does not have. Use Simulated (the default) or Sip.");
        }

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
