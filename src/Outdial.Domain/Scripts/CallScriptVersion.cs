namespace Outdial.Scripts;

/// <summary>
/// One version of a call script's elements. Never changed once saved: a session records the
/// (script, version) it was answered with, and its answers keep their meaning.
/// </summary>
public sealed class CallScriptVersion
{
    private CallScriptVersion()
    {
    }

    internal CallScriptVersion(Guid scriptId, int version, IReadOnlyList<ScriptElement> elements, DateTimeOffset createdAt, string? createdBy)
    {
        ScriptId = scriptId;
        Version = version;
        Elements = elements;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    public Guid ScriptId { get; private set; }

    /// <summary>1, 2, …</summary>
    public int Version { get; private set; }

    public IReadOnlyList<ScriptElement> Elements { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The name of the person (or token user) who saved it, when known.</summary>
    public string? CreatedBy { get; private set; }

    /// <inheritdoc cref="ScriptAnswers.Check"/>
    public ScriptAnswers Check(IReadOnlyDictionary<string, string?> answers, string defaultRegion) =>
        ScriptAnswers.Check(Elements, answers, defaultRegion);
}
