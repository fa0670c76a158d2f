using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Outdial.Telephony.Sip;
using Outdial.Telephony.Sip.Messages;

// Two figures for docs/benchmarks.md "SIP":
//   parser  — messages parsed per second (an INVITE with SDP and a 200 OK, alternately), one thread.
//   calls   — call set-ups per second against SIPp's built-in UAS (-sn uas) on 127.0.0.1: INVITE, 180,
//             200, ACK, then our BYE. Each step runs --seconds at a fixed rate; the rate climbs until a
//             call fails (on our side or SIPp's); the highest rate with zero failed calls is the result.
//
//   dotnet run -c Release --project bench/SipCalls -- parser [--seconds 5]
//   dotnet run -c Release --project bench/SipCalls -- calls [--seconds 10] [--rates 100,200,400,...]
var mode = args.Length > 0 ? args[0] : "all";
var seconds = Option("--seconds", mode == "parser" ? 5 : 10);
if (mode is "parser" or "all")
{
    Parser(seconds);
}

if (mode is "calls" or "all")
{
    int[] rates = [.. (Text("--rates") ?? "250,500,1000,1500,2000,2500,3000,3500,4000,5000,6000,8000").Split(',').Select(int.Parse)];
    var best = 0.0;
    foreach (var rate in rates)
    {
        var step = await CallsAsync(rate, seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"figure\":\"callSetups\",\"targetPerSecond\":{rate},\"calls\":{step.Calls},\"failed\":{step.Failed},\"failures\":\"{step.Failures}\",\"sippExit\":{step.SippExit},\"achievedPerSecond\":{step.Achieved:0},\"setupP50Ms\":{step.P50:0.0},\"setupP99Ms\":{step.P99:0.0}}}"));
        if (step.Failed > 0 || step.SippExit != 0)
        {
            break;
        }

        best = Math.Max(best, step.Achieved);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"figure\":\"highestCleanCallSetupsPerSecond\",\"value\":{best:0}}}"));
}

return 0;

static void Parser(int seconds)
{
    var invite = Encoding.UTF8.GetBytes(
        "INVITE sip:+420777123456@127.0.0.1:5080 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabcdefgh;rport\r\n" +
        "Max-Forwards: 70\r\nFrom: \"Outdial\" <sip:+420222333444@127.0.0.1>;tag=f1a2b3\r\nTo: <sip:+420777123456@127.0.0.1:5080>\r\n" +
        "Call-ID: 7f3a9c1e2b4d@outdial\r\nCSeq: 1 INVITE\r\nContact: <sip:outdial@127.0.0.1:5070>\r\nUser-Agent: Outdial\r\n" +
        "Content-Type: application/sdp\r\nContent-Length: 129\r\n\r\n" +
        "v=0\r\no=outdial 1 1 IN IP4 127.0.0.1\r\ns=Outdial\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=inactive\r\n");
    var ok = Encoding.UTF8.GetBytes(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabcdefgh;rport=5070;received=127.0.0.1\r\n" +
        "From: \"Outdial\" <sip:+420222333444@127.0.0.1>;tag=f1a2b3\r\nTo: <sip:+420777123456@127.0.0.1:5080>;tag=99sipp\r\n" +
        "Call-ID: 7f3a9c1e2b4d@outdial\r\nCSeq: 1 INVITE\r\nContact: <sip:127.0.0.1:5080;transport=UDP>\r\nContent-Length: 0\r\n\r\n");
    for (var i = 0; i < 20_000; i++)
    {
        SipParser.Parse(i % 2 == 0 ? invite : ok); // warm up
    }

    var clock = Stopwatch.StartNew();
    long parsed = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (!SipParser.Parse(i % 2 == 0 ? invite : ok).Succeeded)
            {
                throw new InvalidOperationException("benchmark message did not parse");
            }
        }

        parsed += 1000;
    }

    var written = 0L;
    var message = SipParser.Parse(invite).Message!;
    var writing = Stopwatch.StartNew();
    while (writing.Elapsed.TotalSeconds < 1)
    {
        SipWriter.Write(message);
        written++;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"figure\":\"parserMessagesPerSecond\",\"value\":{parsed / clock.Elapsed.TotalSeconds:0},\"writerMessagesPerSecond\":{written / writing.Elapsed.TotalSeconds:0}}}"));
}

static async Task<(int Calls, int Failed, string Failures, int SippExit, double Achieved, double P50, double P99)> CallsAsync(int rate, int seconds)
{
    var port = FreePort();
    var total = rate * seconds;
    using var sipp = Process.Start(new ProcessStartInfo("sipp")
    {
        ArgumentList = { "-nostdin", "-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-m", total.ToString(CultureInfo.InvariantCulture),
            "-timeout", "90s", "-timeout_error", "-buff_size", "4194304" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    _ = sipp.StandardOutput.ReadToEndAsync();
    _ = sipp.StandardError.ReadToEndAsync();
    await WaitUntilBoundAsync(port);

    await using var agent = await SipUserAgent.StartAsync(new SipUserAgentOptions(), TimeProvider.System);
    var target = $"sip:service@127.0.0.1:{port}";
    var offer = SdpOffer();
    var failed = 0;
    var reasons = new Dictionary<string, int>();
    var setups = new List<double>(total);
    var calls = new List<Task>(total);
    var started = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        // Paced by the schedule, not by completions: call i starts at i / rate seconds.
        var due = TimeSpan.FromSeconds((double)i / rate);
        if (due > started.Elapsed)
        {
            await Task.Delay(due - started.Elapsed);
        }

        calls.Add(OneCallAsync());
    }

    await Task.WhenAll(calls);
    var elapsed = started.Elapsed.TotalSeconds;
    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
    int sippExit;
    try
    {
        await sipp.WaitForExitAsync(limit.Token);
        sippExit = sipp.ExitCode;
    }
    catch (OperationCanceledException)
    {
        sipp.Kill();
        sippExit = -1;
    }

    setups.Sort();
    var failures = string.Join("; ", reasons.Select(reason => $"{reason.Value}× {reason.Key}"));
    return (total, failed, failures, sippExit, total / elapsed, Percentile(setups, 0.5), Percentile(setups, 0.99));

    async Task OneCallAsync()
    {
        var begun = Stopwatch.GetTimestamp();
        var call = agent.Call(new SipCallRequest(target, "sip:outdial@127.0.0.1", offer, TimeSpan.FromSeconds(30)));
        try
        {
            await foreach (var progress in call.Events.ReadAllAsync())
            {
                if (progress is SipCallAnswered)
                {
                    lock (setups)
                    {
                        setups.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                    }

                    await call.HangUpAsync();
                    return;
                }

                if (progress is SipCallFailed failure)
                {
                    lock (reasons)
                    {
                        reasons[failure.Reason] = reasons.GetValueOrDefault(failure.Reason) + 1;
                    }

                    break;
                }
            }
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
        }

        Interlocked.Increment(ref failed);
    }
}

static async Task WaitUntilBoundAsync(int port)
{
    for (var attempt = 0; attempt < 200; attempt++)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException)
        {
            return; // SIPp holds the port
        }

        await Task.Delay(25);
    }

    throw new TimeoutException("sipp did not bind its port");
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static string SdpOffer() =>
    "v=0\r\no=outdial 1 1 IN IP4 127.0.0.1\r\ns=Outdial\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=inactive\r\n";

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

int Option(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
