using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Outdial.Dialing;
using Outdial.Dialing.Telephony;
using Outdial.Engine;
using Outdial.Telephony.Sip;

namespace Outdial.Telephony;

/// <summary>
/// The built-in SIP provider (<c>Telephony:Provider=Sip</c>): one SIP user agent for the server,
/// registrations with the trunks that want them, and per campaign a <see cref="SipCallControl"/>.
/// docs/sip.md describes the call flows.
/// </summary>
public sealed class SipTelephony(IOptions<SipTelephonyOptions> options, OperatorPhoneBook phones, TimeProvider clock, ILogger<SipTelephony> logger)
    : ITelephonyProvider, IHostedService, IAsyncDisposable
{
    private readonly List<(SipTrunkOptions Trunk, SipRegistration Registration)> _registrations = [];
    private readonly Dictionary<SipTrunkOptions, string> _registrationErrors = [];
    private SipUserAgent? _agent;
    private long _lastSessionId = clock.GetUtcNow().ToUnixTimeSeconds();

    internal SipTelephonyOptions Options => options.Value;

    internal OperatorPhoneBook Phones => phones;

    internal ILogger Logger => logger;

    internal SipUserAgent Agent => _agent ?? throw new InvalidOperationException("The SIP user agent has not started yet.");

    /// <summary>The address put into SDP, Via and Contact: the configured public address, else the bound one (validation refuses a wildcard without a public address).</summary>
    internal IPAddress MediaAddress =>
        Options.PublicAddress is { Length: > 0 } configured ? IPAddress.Parse(configured) : Agent.UdpEndPoint.Address;

    /// <summary>The calls all trunks carry at once, or null when one of them has no limit.</summary>
    public int? ChannelLimit => Options.Trunks.All(t => t.Channels is not null) ? Options.Trunks.Sum(t => t.Channels!.Value) : null;

    public TelephonyStatus Status => new(
        "Sip",
        "Outdial's own SIP user agent calls through the trunks below and connects answered calls to the operators' phones (their SIP addresses in Settings → Users).",
        _agent?.UdpEndPoint.ToString(),
        [.. Options.Trunks.Select(trunk =>
        {
            var registration = _registrations.FirstOrDefault(r => r.Trunk == trunk).Registration;
            return new TrunkStatus(
                trunk.Address, trunk.UsesTcp ? "tcp" : "udp", trunk.Register, trunk.Register ? registration?.IsRegistered ?? false : null,
                registration?.LastError ?? _registrationErrors.GetValueOrDefault(trunk), trunk.Channels);
        })]);

    internal long NextSessionId() => Interlocked.Increment(ref _lastSessionId);

    private int _callsHeld;

    /// <summary>
    /// Takes a channel for a new call, false when every trunk channel is in use. Each campaign plans
    /// within the whole limit, so with several campaigns running this is what keeps the trunks' count.
    /// </summary>
    internal bool TryTakeChannel()
    {
        if (ChannelLimit is not { } limit)
        {
            return true;
        }

        if (Interlocked.Increment(ref _callsHeld) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _callsHeld);
        return false;
    }

    internal void ReleaseChannel()
    {
        if (ChannelLimit is not null)
        {
            Interlocked.Decrement(ref _callsHeld);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = Options;
        _agent = await SipUserAgent.StartAsync(
            new SipUserAgentOptions
            {
                Listen = settings.ListenEndPoint,
                AdvertisedAddress = string.IsNullOrEmpty(settings.PublicAddress) ? null : IPAddress.Parse(settings.PublicAddress),
                T1 = TimeSpan.FromMilliseconds(settings.T1Ms),
                T2 = TimeSpan.FromMilliseconds(settings.T2Ms),
            },
            clock,
            cancellationToken);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            _agent.Trace += trace => SipLog.Message(logger, trace.Outgoing ? "sent to" : "received from", trace.Transport, trace.Remote, trace.Message);
        }

        foreach (var trunk in settings.Trunks.Where(t => t.Register))
        {
            var credentials = new SipCredentials(trunk.User!, trunk.Password ?? "");
            var scheme = trunk.UsesTcp ? ";transport=tcp" : "";
            try
            {
                _registrations.Add((trunk, _agent.Register($"sip:{trunk.HostPort}{scheme}", $"sip:{trunk.User}@{trunk.HostPort}", credentials, TimeSpan.FromHours(1))));
            }
            catch (ArgumentException problem)
            {
                // A registrar that does not resolve now must not stop the server; the trunk shows it as not registered.
                _registrationErrors[trunk] = problem.Message;
                SipLog.RegistrationFailed(logger, trunk.Address, problem.Message);
            }
        }

        SipLog.Started(logger, _agent.UdpEndPoint, settings.Trunks.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, registration) in _registrations)
        {
            await registration.DisposeAsync();
        }

        _registrations.Clear();
        if (Interlocked.Exchange(ref _agent, null) is { } agent)
        {
            await agent.DisposeAsync();
        }
    }

    public ICallControl Open(Guid campaignId, ICampaignLine campaign) => new SipCallControl(this, campaign);
}

/// <summary>One campaign's calls over SIP: each dialer call is a <see cref="SipBridge"/> (customer leg, later the operator's leg).</summary>
internal sealed class SipCallControl(SipTelephony telephony, ICampaignLine campaign) : ICallControl
{
    private readonly ConcurrentDictionary<CallId, SipBridge> _bridges = new();
    private int _abandonNoticeLogged;

    public ValueTask OriginateAsync(Originate request, CancellationToken cancellationToken)
    {
        // Preview and progressive calls ring for a known operator: the bridge connects them as soon as the customer answers.
        var line = request.OperatorLine is { } op ? (op, campaign.UserOf(op)) : ((OperatorId, Guid)?)null;
        var bridge = new SipBridge(telephony, campaign, request, line, () =>
        {
            _bridges.TryRemove(request.Call, out _);
            telephony.ReleaseChannel();
        });
        if (!telephony.TryTakeChannel())
        {
            campaign.Report(new CallFailed(request.Call, CallFailure.NetworkError));
            return ValueTask.CompletedTask;
        }

        _bridges[request.Call] = bridge;
        bridge.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask ConnectAsync(CallId call, OperatorId operatorLine, CancellationToken cancellationToken)
    {
        if (_bridges.TryGetValue(call, out var bridge))
        {
            bridge.ConnectTo(operatorLine, campaign.UserOf(operatorLine));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PlayAsync(CallId call, RecordedMessage message, CancellationToken cancellationToken)
    {
        // The message needs Outdial's own RTP endpoint (a later release); the engine hangs up right after.
        if (Interlocked.Exchange(ref _abandonNoticeLogged, 1) == 0)
        {
            SipLog.NoAbandonMessage(telephony.Logger);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HangUpAsync(CallId call, CancellationToken cancellationToken)
    {
        if (_bridges.TryGetValue(call, out var bridge))
        {
            bridge.HangUp();
        }

        return ValueTask.CompletedTask;
    }
}
