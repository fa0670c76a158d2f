namespace Outdial.Operators;

/// <summary>The current state of one operator (a user with the Operator permission).</summary>
public sealed class OperatorStatus
{
    private OperatorStatus()
    {
    }

    public OperatorStatus(Guid userId, DateTimeOffset since)
    {
        UserId = userId;
        State = OperatorState.Offline;
        Since = since;
    }

    public Guid UserId { get; private set; }

    public OperatorState State { get; private set; }

    /// <summary>The break type while on <see cref="OperatorState.Break"/>.</summary>
    public Guid? BreakTypeId { get; private set; }

    public DateTimeOffset Since { get; private set; }

    /// <summary>Counts changes; the database refuses a change based on an outdated read (optimistic concurrency).</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Changes the state if <see cref="OperatorStateMachine"/> allows it; throws
    /// <see cref="ConflictProblem"/> naming the current state otherwise.
    /// </summary>
    /// <summary>Offline after the server restarted: calls and sessions did not survive it.</summary>
    public OperatorStateChange Restart(DateTimeOffset now)
    {
        var change = new OperatorStateChange(UserId, State, OperatorState.Offline, null, StateChangeSource.System, Since, now);
        State = OperatorState.Offline;
        BreakTypeId = null;
        Since = now;
        Version++;
        return change;
    }

    public OperatorStateChange Change(OperatorState to, StateChangeSource source, Guid? breakTypeId, DateTimeOffset now)
    {
        if (!OperatorStateMachine.CanChange(State, to, source))
        {
            var allowed = OperatorStateMachine.Targets(State, source);
            throw new ConflictProblem(
                $"The operator is {State.DisplayName()}; {(source == StateChangeSource.Operator ? "you" : source.ToString().ToLowerInvariant())} cannot switch to {to.DisplayName()} from there. " +
                (allowed.Count > 0 ? $"Possible now: {string.Join(", ", allowed.Select(s => s.DisplayName()))}." : "Wait until the call ends."));
        }

        if (to == OperatorState.Break && breakTypeId is null)
        {
            throw new InvalidInputProblem("breakTypeId", "Choose the reason for the break.");
        }

        var change = new OperatorStateChange(UserId, State, to, to == OperatorState.Break ? breakTypeId : null, source, Since, now);
        State = to;
        BreakTypeId = to == OperatorState.Break ? breakTypeId : null;
        Since = now;
        Version++;
        return change;
    }
}

/// <summary>One stored state change; the history gives the time spent in each state per day.</summary>
public sealed class OperatorStateChange
{
    private OperatorStateChange()
    {
    }

    public OperatorStateChange(Guid userId, OperatorState from, OperatorState to, Guid? breakTypeId, StateChangeSource source, DateTimeOffset previousSince, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        From = from;
        To = to;
        BreakTypeId = breakTypeId;
        Source = source;
        PreviousSince = previousSince;
        At = at;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public OperatorState From { get; private set; }

    public OperatorState To { get; private set; }

    public Guid? BreakTypeId { get; private set; }

    public StateChangeSource Source { get; private set; }

    /// <summary>When the operator entered <see cref="From"/>: the change closes that interval.</summary>
    public DateTimeOffset PreviousSince { get; private set; }

    public DateTimeOffset At { get; private set; }
}

/// <summary>A reason for a break that an administrator defines, e.g. "Lunch" (unpaid) or "Training" (paid).</summary>
public sealed class BreakType
{
    private BreakType()
    {
    }

    public BreakType(string name, bool isPaid)
    {
        Id = Guid.NewGuid();
        Name = name;
        IsPaid = isPaid;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public bool IsPaid { get; private set; }

    public void Change(string name, bool isPaid) => (Name, IsPaid) = (name, isPaid);
}
