using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Telephony;

/// <summary>
/// The simulated carrier behind the telephony port, in real time: each call's progress is due
/// after a delay the carrier chose, and a <see cref="TimeProvider"/> timer reports it then. For
/// the server's demo mode, where a whole contact centre runs on one laptop. (The simulator drives
/// the same carrier in virtual time instead.)
/// </summary>
public sealed class SimulatedCallControl : ICallControl, ICarrierTimeline, IDisposable
{
    private readonly SimulatedCarrier _carrier;
    private readonly TimeProvider _time;
    private readonly ICallProgressSink _sink;

    // Timers fire on pool threads; the carrier is single-threaded, so every use of it is locked.
    private readonly Lock _lock = new();
    private readonly HashSet<ITimer> _timers = [];
    private bool _disposed;

    public SimulatedCallControl(SimulatedCarrier carrier, TimeProvider time, ICallProgressSink sink)
    {
        _carrier = carrier;
        _time = time;
        _sink = sink;
    }

    public ValueTask OriginateAsync(Originate request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _carrier.Originate(request, _time.GetUtcNow(), this);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ConnectAsync(CallId call, OperatorId operatorLine, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _carrier.Connect(call, this);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PlayAsync(CallId call, RecordedMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask HangUpAsync(CallId call, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _carrier.HangUp(call);
        }

        return ValueTask.CompletedTask;
    }

    void ICarrierTimeline.Schedule(TimeSpan after, CarrierEvent carrierEvent)
    {
        if (_disposed)
        {
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(_ => Fire(timer, carrierEvent), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers.Add(timer);
        timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    private void Fire(ITimer? timer, CarrierEvent carrierEvent)
    {
        CallProgress? progress;
        lock (_lock)
        {
            if (timer is not null)
            {
                _timers.Remove(timer);
                timer.Dispose();
            }

            progress = _disposed ? null : _carrier.Deliver(carrierEvent, this);
        }

        if (progress is not null)
        {
            _sink.Report(progress);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }
}
