namespace Outdial.Scripts;

/// <summary>
/// A call script: the form an operator goes through during a call. Its elements live in
/// numbered <see cref="CallScriptVersion"/>s; the script points at the current one.
/// </summary>
public sealed class CallScript
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;

    private CallScript()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>The version new sessions use; 1 for a new script.</summary>
    public int CurrentVersion { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A new script with its version 1.</summary>
    public static (CallScript Script, CallScriptVersion Version) Create(
        string name, string description, IReadOnlyList<ScriptElement> elements, DateTimeOffset now, string? createdBy)
    {
        var script = new CallScript { Id = Guid.NewGuid(), CreatedAt = now };
        script.Rename(name, description, now);
        var version = new CallScriptVersion(script.Id, 1, ScriptDefinition.Validate(elements), now, createdBy);
        script.CurrentVersion = version.Version;
        return (script, version);
    }

    /// <summary>
    /// Changes the name and description and, when <paramref name="elements"/> differ from those of
    /// <paramref name="current"/>, returns the next version (to be saved); otherwise null, since a
    /// renamed script asks the same questions.
    /// </summary>
    public CallScriptVersion? Change(string name, string description, IReadOnlyList<ScriptElement> elements, CallScriptVersion current, DateTimeOffset now, string? changedBy)
    {
        var tidied = ScriptDefinition.Validate(elements);
        Rename(name, description, now);
        if (tidied.SequenceEqual(current.Elements))
        {
            return null;
        }

        var next = new CallScriptVersion(Id, CurrentVersion + 1, tidied, now, changedBy);
        CurrentVersion = next.Version;
        return next;
    }

    private void Rename(string name, string description, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is < 1 or > MaxNameLength)
        {
            errors["name"] = [$"Name the script in 1 to {MaxNameLength} characters."];
        }

        var about = description?.Trim() ?? "";
        if (about.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"The description has at most {MaxDescriptionLength:N0} characters."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        Name = trimmed;
        Description = about;
        UpdatedAt = now;
    }
}
