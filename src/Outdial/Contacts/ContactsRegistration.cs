using Outdial.Settings;

namespace Outdial.Contacts;

public static class ContactsRegistration
{
    public static IServiceCollection AddOutdialContacts(this IServiceCollection services)
    {
        services.AddSingleton<TenantSettingsStore>();
        services.AddSingleton<ContactDirectory>();
        services.AddSingleton<ContactFields>();
        services.AddSingleton<SavedFilters>();
        return services;
    }

    public static void MapContactsApis(this RouteGroupBuilder api)
    {
        api.MapContactsApi();
        api.MapContactFieldsApi();
        api.MapContactFiltersApi();
        api.MapSettingsApi();
    }
}
