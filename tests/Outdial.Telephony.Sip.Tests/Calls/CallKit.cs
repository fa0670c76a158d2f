using System.Net;
using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Tests.Calls;

/// <summary>Starting a user agent on 127.0.0.1 and reading a call's events, for the tests against real peers.</summary>
internal static class CallKit
{
    public static readonly string Offer = SdpSession.AudioOffer(IPAddress.Loopback, 40000, "inactive").ToString();

    public static Task<SipUserAgent> StartAgentAsync(int t1Milliseconds = 100) =>
        SipUserAgent.StartAsync(new SipUserAgentOptions { T1 = TimeSpan.FromMilliseconds(t1Milliseconds) }, TimeProvider.System);

    public static SipCallRequest Request(string target, string? sdpOffer = null, TimeSpan? ringTimeout = null, SipCredentials? credentials = null) =>
        new(target, "sip:+420222333444@127.0.0.1", sdpOffer ?? Offer, ringTimeout ?? TimeSpan.FromSeconds(20), credentials);

    /// <summary>Reads the next event, failing the test after 20 s.</summary>
    public static async Task<SipCallEvent> NextAsync(this SipCall call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await call.Events.ReadAsync(timeout.Token);
    }

    /// <summary>Every event until the channel completes.</summary>
    public static async Task<List<SipCallEvent>> AllEventsAsync(this SipCall call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var events = new List<SipCallEvent>();
        await foreach (var item in call.Events.ReadAllAsync(timeout.Token))
        {
            events.Add(item);
        }

        return events;
    }
}
