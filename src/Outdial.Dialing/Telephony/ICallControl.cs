namespace Outdial.Dialing.Telephony;

/// <summary>
/// The telephony port: what the dialer needs from a phone network. Adapters (simulated carrier,
/// built-in SIP, later Asterisk ARI) implement it and report progress to an
/// <see cref="ICallProgressSink"/>, whose events go straight into <see cref="CampaignDialer"/>.
/// </summary>
public interface ICallControl
{
    /// <summary>Places a call; progress arrives later through the sink.</summary>
    ValueTask OriginateAsync(Originate request, CancellationToken cancellationToken);

    /// <summary>Bridges an answered call to an operator's line.</summary>
    ValueTask ConnectAsync(CallId call, OperatorId operatorLine, CancellationToken cancellationToken);

    /// <summary>Plays a recorded message on a call (e.g. the abandon message).</summary>
    ValueTask PlayAsync(CallId call, RecordedMessage message, CancellationToken cancellationToken);

    ValueTask HangUpAsync(CallId call, CancellationToken cancellationToken);
}

/// <summary>Receives <see cref="CallRinging"/>, <see cref="CallAnswered"/>, <see cref="CallFailed"/> and <see cref="CallEnded"/>.</summary>
public interface ICallProgressSink
{
    void Report(CallProgress progress);
}

/// <summary>A message the network can play; the adapter maps it to audio.</summary>
public enum RecordedMessage
{
    /// <summary>Played within 2 s of a person answering when no operator is free (regulatory).</summary>
    Abandon,
}
