using System.CommandLine;
using System.Globalization;
using System.Net;
using Outdial.Telephony.Sip;

namespace Outdial.Cli;

/// <summary>
/// <c>outdial sip call</c>: one call through Outdial's own SIP stack, for people diagnosing a line
/// (docs/sip.md "CLI"). Prints each message with <c>--verbose</c> (on standard error, so the outcome
/// on standard output stays machine-readable) and ends with the outcome.
/// </summary>
internal static class SipCommand
{
    public static Command Create()
    {
        var sip = new Command("sip", "Diagnose SIP trunks with Outdial's own SIP stack.");
        sip.Add(CreateCall());
        return sip;
    }

    private static Command CreateCall()
    {
        var trunk = new Option<string>("--trunk") { Description = "The trunk, e.g. sip:203.0.113.5:5060 (;transport=tcp for TCP).", Required = true };
        var to = new Option<string>("--to") { Description = "The number to call (the user part of the Request-URI).", Required = true };
        var from = new Option<string>("--from") { Description = "Caller ID (the user part of From).", DefaultValueFactory = _ => "outdial" };
        var user = new Option<string?>("--user") { Description = "User name for digest authentication." };
        var password = new Option<string?>("--password") { Description = "Password for digest authentication." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to let it ring before cancelling (no answer).", DefaultValueFactory = _ => 30 };
        var talk = new Option<double>("--talk") { Description = "Seconds to stay on the line once answered before hanging up.", DefaultValueFactory = _ => 1 };
        var listen = new Option<string>("--listen") { Description = "Local address and port to bind (UDP and TCP).", DefaultValueFactory = _ => "127.0.0.1:0" };
        var verbose = new Option<bool>("--verbose") { Description = "Print every SIP message sent and received (standard error)." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as one JSON object." };

        var command = new Command("call", "Place one call through a trunk and report how it went.")
        {
            trunk, to, from, user, password, timeout, talk, listen, verbose, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var problem = Validate(parsed.GetRequiredValue(trunk), parsed.GetRequiredValue(to), parsed.GetRequiredValue(from),
                parsed.GetValue(user), parsed.GetValue(password), parsed.GetValue(timeout), parsed.GetValue(talk), parsed.GetRequiredValue(listen),
                out var settings);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            SipUserAgent agent;
            try
            {
                agent = await SipUserAgent.StartAsync(new SipUserAgentOptions { Listen = settings.Listen }, TimeProvider.System, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException error)
            {
                await Console.Error.WriteLineAsync($"Cannot listen on {settings.Listen}: {error.Message}");
                return 1;
            }

            await using (agent)
            {
                if (parsed.GetValue(verbose))
                {
                    agent.Trace += trace => Console.Error.Write(
                        $"{(trace.Outgoing ? "-->" : "<--")} {trace.Transport} {trace.Remote}\n{trace.Message.TrimEnd()}\n\n");
                }

                var result = await PlaceAsync(agent, settings, cancellationToken);
                await Console.Out.WriteLineAsync(parsed.GetValue(json) ? result.ToJson() : result.ToText());
                return 0;
            }
        });

        return command;
    }

    private sealed record CallSettings(string Target, string From, SipCredentials? Credentials, TimeSpan Ring, TimeSpan Talk, IPEndPoint Listen);

    private static string? Validate(string trunk, string to, string from, string? user, string? password, double ring, double talk, string listen,
        out CallSettings settings)
    {
        settings = null!;
        if (!trunk.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || trunk.Length == 4)
        {
            return $"--trunk must be a SIP URI such as sip:203.0.113.5:5060, not '{trunk}'.";
        }

        if (to.Length == 0 || to.AsSpan().ContainsAny("@:;<>\" \t") || from.Length == 0 || from.AsSpan().ContainsAny("@:;<>\" \t"))
        {
            return "--to and --from must be a number or user name (no '@', ':', ';', spaces or brackets).";
        }

        if ((user is null) != (password is null))
        {
            return "--user and --password go together.";
        }

        if (ring is <= 0 or > 3600 || talk is < 0 or > 86400)
        {
            return "--timeout must be within (0, 3600] seconds and --talk within [0, 86400].";
        }

        if (!IPEndPoint.TryParse(listen, out var endPoint))
        {
            return $"--listen must be an address and port such as 127.0.0.1:5070, not '{listen}'.";
        }

        // The trunk's host, port and parameters; a user part in it is replaced by the number called.
        var hostPart = trunk[4..];
        var at = hostPart.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            hostPart = hostPart[(at + 1)..];
        }

        var fromHost = endPoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endPoint.Address.ToString();
        settings = new CallSettings($"sip:{to}@{hostPart}", $"sip:{from}@{fromHost}",
            user is null ? null : new SipCredentials(user, password!), TimeSpan.FromSeconds(ring), TimeSpan.FromSeconds(talk), endPoint);
        return null;
    }

    private static async Task<CallOutcome> PlaceAsync(SipUserAgent agent, CallSettings settings, CancellationToken cancellationToken)
    {
        SipCall call;
        try
        {
            call = agent.Call(new SipCallRequest(settings.Target, settings.From,
                PlaceholderOffer(agent.UdpEndPoint.Address), settings.Ring, settings.Credentials));
        }
        catch (ArgumentException error)
        {
            return new CallOutcome(SipOutcome.NetworkError, 0, 0, 0, error.Message);
        }

        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        long? answeredAt = null;
        await foreach (var progress in call.Events.ReadAllAsync(cancellationToken))
        {
            switch (progress)
            {
                case SipCallAnswered answered:
                    answeredAt = clock.GetTimestamp();
                    var ringSeconds = clock.GetElapsedTime(started).TotalSeconds;
                    var remoteBye = WaitForEndAsync(call, cancellationToken);
                    var ended = await Task.WhenAny(remoteBye, Task.Delay(settings.Talk, clock, cancellationToken)) == remoteBye;
                    if (!ended)
                    {
                        await call.HangUpAsync(cancellationToken);
                    }

                    return new CallOutcome(SipOutcome.Answered, answered.StatusCode, ringSeconds, clock.GetElapsedTime(answeredAt.Value).TotalSeconds,
                        ended ? "the far end hung up" : "we hung up");
                case SipCallFailed failed:
                    return new CallOutcome(failed.Outcome, failed.StatusCode, clock.GetElapsedTime(started).TotalSeconds, 0, failed.Reason);
            }
        }

        return new CallOutcome(SipOutcome.NetworkError, 0, clock.GetElapsedTime(started).TotalSeconds, 0, "The call ended without an outcome.");
    }

    /// <summary>Completes when the far end hangs up (the events channel ends after SipCallEnded).</summary>
    private static async Task WaitForEndAsync(SipCall call, CancellationToken cancellationToken)
    {
        await foreach (var progress in call.Events.ReadAllAsync(cancellationToken))
        {
            if (progress is SipCallEnded)
            {
                return;
            }
        }
    }

    /// <summary>A PCMU/PCMA offer with the media inactive: the CLI checks signalling, it plays no audio.</summary>
    private static string PlaceholderOffer(IPAddress address)
    {
        var id = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"v=0\r\no=outdial {id} {id} IN IP4 {address}\r\ns=Outdial\r\nc=IN IP4 {address}\r\nt=0 0\r\n" +
            "m=audio 9 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=inactive\r\n";
    }

    private sealed record CallOutcome(SipOutcome Outcome, int SipCode, double RingSeconds, double TalkSeconds, string Detail)
    {
        /// <summary>The issue's names; a codec mismatch prints as networkError (the reason says which) to keep the documented set.</summary>
        public string Name => Outcome switch
        {
            SipOutcome.Answered => "answered",
            SipOutcome.Busy => "busy",
            SipOutcome.NoAnswer => "noAnswer",
            SipOutcome.Rejected => "rejected",
            SipOutcome.InvalidNumber => "invalidNumber",
            SipOutcome.AuthFailed => "authFailed",
            _ => "networkError",
        };

        public string ToJson() => string.Create(CultureInfo.InvariantCulture,
            $"{{\"outcome\":\"{Name}\",\"sipCode\":{SipCode},\"ringSeconds\":{Math.Round(RingSeconds, 3)},\"talkSeconds\":{Math.Round(TalkSeconds, 3)}}}");

        public string ToText() => string.Create(CultureInfo.InvariantCulture,
            $"{Name} (SIP {SipCode}; {Detail}); rang {RingSeconds:0.0} s, talked {TalkSeconds:0.0} s");
    }
}
