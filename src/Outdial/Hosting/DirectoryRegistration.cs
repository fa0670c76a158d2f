using Microsoft.AspNetCore.Components.Server.Circuits;
using Outdial.Numbers;
using Outdial.Operators;
using Outdial.Settings;

using Outdial.Contacts;

namespace Outdial.Hosting;

/// <summary>The directory of the contact centre: contacts, operators, numbers and tenant settings.</summary>
public static class DirectoryRegistration
{
    public static IServiceCollection AddOutdialDirectory(this IServiceCollection services)
    {
        services.AddSingleton<TenantSettingsStore>();
        services.AddSingleton<ContactDirectory>();
        services.AddSingleton<ContactFields>();
        services.AddSingleton<SavedFilters>();
        services.AddSingleton<ContactExport>();
        services.AddSingleton<ContactImport>();
        services.AddSingleton<ImportJobs>();
        services.AddOptions<ImportOptionsConfig>().BindConfiguration(ImportOptionsConfig.Section);
        services.AddSingleton<OperatorStates>();
        services.AddSingleton<OperatorGroups>();
        services.AddSingleton<OperatorConnections>();
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section);
        services.AddScoped<CircuitHandler, OperatorCircuitHandler>();
        services.AddSingleton<CallerIds>();
        services.AddSingleton<Blacklist>();
        services.AddSingleton<Campaigns.CampaignEvents>();
        services.AddSingleton<Campaigns.CampaignDirectory>();
        services.AddSingleton<Campaigns.CampaignRules>();
        services.AddSingleton<Campaigns.CampaignRecords>();
        services.AddSingleton<Scripts.CallScripts>();
        services.AddSingleton<Sessions.SessionLog>();
        services.AddSingleton<Sessions.SessionParameters>();
        services.AddSingleton<Sessions.SessionExport>();
        return services;
    }

    public static void MapDirectoryApis(this RouteGroupBuilder api)
    {
        api.MapImportsApi();
        api.MapContactsApi();
        api.MapContactFieldsApi();
        api.MapContactFiltersApi();
        api.MapSettingsApi();
        api.MapOperatorsApi();
        api.MapNumbersApi();
        Campaigns.CampaignsApi.MapCampaignsApi(api);
        Scripts.CallScriptsApi.MapCallScriptsApi(api);
        Engine.DeskApi.MapDeskApi(api);
        Sessions.SessionsApi.MapSessionsApi(api);
    }
}
