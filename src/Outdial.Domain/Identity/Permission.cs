namespace Outdial.Identity;

/// <summary>
/// What a user (and every API token of that user) may do. Permissions are granted through roles.
/// The names are part of the public API (JSON, OpenAPI): never rename a member.
/// </summary>
public enum Permission
{
    /// <summary>Users, roles, tenant settings.</summary>
    Administer,

    /// <summary>The contact directory: contacts, custom fields, filters, imports.</summary>
    ManageContacts,

    /// <summary>Create, start, pause and cancel campaigns; rules, scripts, caller IDs.</summary>
    ManageCampaigns,

    /// <summary>Campaign statistics and the Sessions section.</summary>
    ViewStatistics,

    /// <summary>Go Online and handle campaign sessions.</summary>
    Operator,
}

public static class PermissionText
{
    /// <summary>The name a person reads in the UI and in error messages, e.g. "Manage campaigns".</summary>
    public static string DisplayName(this Permission permission) => permission switch
    {
        Permission.Administer => "Administer",
        Permission.ManageContacts => "Manage contacts",
        Permission.ManageCampaigns => "Manage campaigns",
        Permission.ViewStatistics => "View statistics",
        Permission.Operator => "Operator",
        _ => permission.ToString(),
    };
}
