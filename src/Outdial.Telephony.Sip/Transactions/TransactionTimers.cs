namespace Outdial.Telephony.Sip.Transactions;

/// <summary>RFC 3261 timer base values (§17, table 4) and the durations derived from them.</summary>
internal sealed record TransactionTimers(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    public static TransactionTimers Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    /// <summary>Timers B, F, H, J, L, M: 64·T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: at least 32 s on UDP to absorb retransmitted final responses; 0 on TCP.</summary>
    public TimeSpan TimerD(bool reliable) => reliable ? TimeSpan.Zero : TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;

    /// <summary>Timers I and K: T4 on UDP, 0 on TCP.</summary>
    public TimeSpan Linger(bool reliable) => reliable ? TimeSpan.Zero : T4;

    /// <summary>The next retransmission interval after <paramref name="current"/>, doubling up to <paramref name="cap"/> (Timers A (no cap), E, G).</summary>
    public static TimeSpan Double(TimeSpan current, TimeSpan? cap) => cap is { } limit && current * 2 > limit ? limit : current * 2;
}

/// <summary>
/// One named timer of a transaction on the injected clock. Its callback runs under the transaction
/// layer's gate and only if the timer was not stopped or re-armed meanwhile.
/// </summary>
internal sealed class TransactionTimer(TimeProvider clock, Lock gate, Action fired) : IDisposable
{
    private ITimer? _timer;
    private int _generation;

    public void Start(TimeSpan due)
    {
        Stop();
        if (due <= TimeSpan.Zero)
        {
            fired(); // Timers D, I, J, K are zero on TCP: the state ends at once.
            return;
        }

        var generation = ++_generation;
        _timer = clock.CreateTimer(_ =>
        {
            lock (gate)
            {
                if (generation == _generation)
                {
                    _timer?.Dispose();
                    _timer = null;
                    fired();
                }
            }
        }, null, due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        _generation++;
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => Stop();
}
