namespace Outdial;

/// <summary>
/// A request that Outdial refuses for a reason the caller can fix. The web layer maps each kind
/// to one HTTP status in one place; the UI shows <see cref="Exception.Message"/> as it is, so
/// every message says what to do next.
/// </summary>
public abstract class OutdialProblem(string message) : Exception(message)
{
    /// <summary>A short, stable title such as "Not found".</summary>
    public abstract string Title { get; }
}

/// <summary>The thing asked for does not exist (HTTP 404).</summary>
public sealed class NotFoundProblem(string message) : OutdialProblem(message)
{
    public override string Title => "Not found";
}

/// <summary>The caller may not act on this thing, e.g. an operator on another operator's session (HTTP 403).</summary>
public sealed class ForbiddenProblem(string message) : OutdialProblem(message)
{
    public override string Title => "Forbidden";
}

/// <summary>The request clashes with the current state, e.g. a duplicate or a forbidden transition (HTTP 409).</summary>
public sealed class ConflictProblem(string message) : OutdialProblem(message)
{
    public override string Title => "Conflict";
}

/// <summary>One or more fields are invalid (HTTP 400); each error names its field.</summary>
public sealed class InvalidInputProblem : OutdialProblem
{
    public InvalidInputProblem(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public InvalidInputProblem(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override string Title => "Invalid input";
}
