namespace Outdial.Operators;

/// <summary>Where an operator is in their working day. Only <see cref="Online"/> operators get new sessions.</summary>
public enum OperatorState
{
    Offline,
    Online,
    Break,

    /// <summary>Before call work: a preview session was accepted and the number is about to be dialled.</summary>
    Bcw,
    OnCall,

    /// <summary>After call work: wrap-up before the next session.</summary>
    Acw,
}

/// <summary>Who asks for a state change; operators may only choose some states themselves.</summary>
public enum StateChangeSource
{
    /// <summary>The operator, from the state switcher or the API.</summary>
    Operator,

    /// <summary>The dialer, as sessions and calls progress.</summary>
    Dialer,

    /// <summary>Outdial itself, e.g. when a browser has been disconnected for longer than the grace period.</summary>
    System,
}

/// <summary>
/// The one place that says which operator state changes are allowed, and by whom. Operators
/// choose Online, Break and Offline; BCW, on call and ACW belong to the dialer; nobody leaves a
/// call except through the dialer (the call must end first).
/// </summary>
public static class OperatorStateMachine
{
    private static readonly Dictionary<(StateChangeSource, OperatorState), OperatorState[]> Allowed = new()
    {
        [(StateChangeSource.Operator, OperatorState.Offline)] = [OperatorState.Online, OperatorState.Break],
        [(StateChangeSource.Operator, OperatorState.Online)] = [OperatorState.Break, OperatorState.Offline],
        [(StateChangeSource.Operator, OperatorState.Break)] = [OperatorState.Online, OperatorState.Break, OperatorState.Offline],
        [(StateChangeSource.Operator, OperatorState.Acw)] = [OperatorState.Online, OperatorState.Break, OperatorState.Offline],
        [(StateChangeSource.Dialer, OperatorState.Online)] = [OperatorState.Bcw, OperatorState.OnCall, OperatorState.Acw],
        [(StateChangeSource.Dialer, OperatorState.Bcw)] = [OperatorState.OnCall, OperatorState.Online, OperatorState.Acw],
        [(StateChangeSource.Dialer, OperatorState.OnCall)] = [OperatorState.Acw, OperatorState.Online],
        [(StateChangeSource.Dialer, OperatorState.Acw)] = [OperatorState.Online, OperatorState.Bcw, OperatorState.OnCall],
        [(StateChangeSource.System, OperatorState.Online)] = [OperatorState.Offline],
        [(StateChangeSource.System, OperatorState.Break)] = [OperatorState.Offline],
        [(StateChangeSource.System, OperatorState.Bcw)] = [OperatorState.Offline],
        [(StateChangeSource.System, OperatorState.Acw)] = [OperatorState.Offline],
    };

    public static bool CanChange(OperatorState from, OperatorState to, StateChangeSource source) =>
        Allowed.TryGetValue((source, from), out var targets) && targets.Contains(to);

    /// <summary>The states <paramref name="source"/> may move an operator to from <paramref name="from"/>.</summary>
    public static IReadOnlyList<OperatorState> Targets(OperatorState from, StateChangeSource source) =>
        Allowed.TryGetValue((source, from), out var targets) ? targets : [];

    public static string DisplayName(this OperatorState state) => state switch
    {
        OperatorState.Offline => "Offline",
        OperatorState.Online => "Online",
        OperatorState.Break => "Break",
        OperatorState.Bcw => "Before call",
        OperatorState.OnCall => "On call",
        OperatorState.Acw => "After call",
        _ => state.ToString(),
    };
}
