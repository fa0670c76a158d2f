using System.Diagnostics.Metrics;

namespace Outdial.Engine;

/// <summary>
/// The engine's own responsiveness, as a <see cref="Meter"/> (<c>Outdial.Engine</c>): how long a
/// message waits in a campaign's mailbox and is handled, including storing the attempt before a
/// call. The engine-capacity benchmark reads it; so can any metrics collector.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Outdial.Engine";

    private readonly Meter _meter = new(MeterName);

    public EngineMetrics()
    {
        MessageLatency = _meter.CreateHistogram<double>(
            "outdial.engine.message.latency", "ms", "Time from a message reaching a campaign's mailbox until the dialer's commands for it are carried out.");
        CallsPlaced = _meter.CreateCounter<long>("outdial.engine.calls.placed", "{call}", "Calls originated by campaign actors.");
        MailboxWait = _meter.CreateHistogram<double>("outdial.engine.mailbox.wait", "ms", "Time a message waits in a campaign's mailbox before it is handled.");
        FlushWait = _meter.CreateHistogram<double>("outdial.engine.flush.wait", "ms", "Time a campaign waits for its calls' attempts to be stored before placing them.");
        StoreCommit = _meter.CreateHistogram<double>("outdial.engine.store.commit", "ms", "Time to commit one batch of the engine's changes.");
        StoreBatch = _meter.CreateHistogram<int>("outdial.engine.store.batch", "{change}", "Changes committed in one batch.");
    }

    public Histogram<double> MailboxWait { get; }

    public Histogram<double> FlushWait { get; }

    public Histogram<double> StoreCommit { get; }

    public Histogram<int> StoreBatch { get; }

    public Histogram<double> MessageLatency { get; }

    public Counter<long> CallsPlaced { get; }

    public void Dispose() => _meter.Dispose();
}
