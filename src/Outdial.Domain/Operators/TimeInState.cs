namespace Outdial.Operators;

/// <summary>Adds up the time an operator spent in each state within a period, from the stored changes.</summary>
public static class TimeInState
{
    /// <summary>
    /// <paramref name="changes"/> are the changes that end inside or after the period, oldest first;
    /// the still-open current state counts up to <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyDictionary<OperatorState, TimeSpan> Sum(
        IEnumerable<OperatorStateChange> changes, OperatorStatus current, DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset now)
    {
        var totals = Enum.GetValues<OperatorState>().ToDictionary(s => s, _ => TimeSpan.Zero);
        foreach (var change in changes)
        {
            Add(totals, change.From, change.PreviousSince, change.At, periodStart, periodEnd);
        }

        Add(totals, current.State, current.Since, now, periodStart, periodEnd);
        return totals;
    }

    private static void Add(Dictionary<OperatorState, TimeSpan> totals, OperatorState state, DateTimeOffset from, DateTimeOffset to, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        var start = from > periodStart ? from : periodStart;
        var end = to < periodEnd ? to : periodEnd;
        if (end > start)
        {
            totals[state] += end - start;
        }
    }
}
