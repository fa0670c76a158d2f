namespace Outdial.Identity;

/// <summary>A named group of permissions that an administrator assigns to users.</summary>
public sealed class Role
{
    public static readonly Guid AdministratorId = new("0a000000-0000-0000-0000-000000000001");
    public static readonly Guid SupervisorId = new("0a000000-0000-0000-0000-000000000002");
    public static readonly Guid OperatorId = new("0a000000-0000-0000-0000-000000000003");

    private Role()
    {
    }

    public Role(Guid id, string name, string description, IEnumerable<Permission> permissions, bool isBuiltIn = false)
    {
        Id = id;
        Name = name;
        Description = description;
        Permissions = [.. permissions.Distinct().Order()];
        IsBuiltIn = isBuiltIn;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>Built-in roles are created by Outdial and cannot be removed.</summary>
    public bool IsBuiltIn { get; private set; }

    public List<Permission> Permissions { get; private set; } = [];

    /// <summary>The roles every installation starts with.</summary>
    public static IReadOnlyList<Role> BuiltIn() =>
    [
        new(AdministratorId, "Administrator", "Everything, including users and settings.", Enum.GetValues<Permission>(), isBuiltIn: true),
        new(SupervisorId, "Supervisor", "Contacts, campaigns and statistics.",
            [Permission.ManageContacts, Permission.ManageCampaigns, Permission.ViewStatistics], isBuiltIn: true),
        new(OperatorId, "Operator", "Goes Online and handles campaign calls.", [Permission.Operator], isBuiltIn: true),
    ];
}
