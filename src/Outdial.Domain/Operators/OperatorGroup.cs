namespace Outdial.Operators;

/// <summary>How a group spreads calls among its free members.</summary>
public enum CallDistribution
{
    /// <summary>The member who has been free the longest gets the next call.</summary>
    LongestIdle,

    /// <summary>The member who has talked the least today gets the next call.</summary>
    Utilisation,
}

/// <summary>A group of operators: the routing target of a campaign.</summary>
public sealed class OperatorGroup
{
    public const int MaxNameLength = 100;
    public const int MaxAcwSeconds = 3600;

    private OperatorGroup()
    {
    }

    public OperatorGroup(string name, int defaultAcwSeconds, CallDistribution distribution)
    {
        Id = Guid.NewGuid();
        Change(name, defaultAcwSeconds, distribution);
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Wrap-up seconds after each call, unless a campaign says otherwise.</summary>
    public int DefaultAcwSeconds { get; private set; }

    public CallDistribution Distribution { get; private set; }

    public List<Guid> MemberIds { get; private set; } = [];

    public void Change(string name, int defaultAcwSeconds, CallDistribution distribution)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is < 1 or > MaxNameLength)
        {
            errors["name"] = [$"Name the group in 1 to {MaxNameLength} characters."];
        }

        if (defaultAcwSeconds is < 0 or > MaxAcwSeconds)
        {
            errors["defaultAcwSeconds"] = [$"After-call work lasts 0 to {MaxAcwSeconds} seconds."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        Name = trimmed;
        DefaultAcwSeconds = defaultAcwSeconds;
        Distribution = distribution;
    }

    public void SetMembers(IEnumerable<Guid> userIds) => MemberIds = [.. userIds.Distinct()];
}
