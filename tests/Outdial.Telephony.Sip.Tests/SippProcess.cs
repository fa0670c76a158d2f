using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outdial.Telephony.Sip.Tests;

/// <summary>
/// One SIPp process playing a scenario written by the test, on a port free at run time on
/// 127.0.0.1. It logs every message it receives and sends; disposing kills this process only.
/// </summary>
internal sealed class SippProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private SippProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string MessageLog => Path.Combine(_folder, "messages.log");

    /// <summary>A Request-URI at this SIPp, over UDP or TCP.</summary>
    public string Uri(string user = "100", bool tcp = false) => $"sip:{user}@127.0.0.1:{Port}" + (tcp ? ";transport=tcp" : "");

    /// <summary>Starts SIPp as a server (UAS) playing <paramref name="scenarioXml"/> for <paramref name="calls"/> calls.</summary>
    public static async Task<SippProcess> StartAsync(string scenarioXml, bool tcp = false, int calls = 1, params string[] extraArguments)
    {
        var folder = Directory.CreateTempSubdirectory("outdial-sipp-").FullName;
        var scenario = Path.Combine(folder, "scenario.xml");
        await File.WriteAllTextAsync(scenario, scenarioXml);
        var port = FreePort();
        var start = new ProcessStartInfo("sipp")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in (string[])["-nostdin", "-timeout", "30s", "-timeout_error", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-sf", scenario, "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", tcp ? "t1" : "u1",
                     "-trace_msg", "-message_file", Path.Combine(folder, "messages.log"), "-trace_err", "-error_file", Path.Combine(folder, "errors.log"),
                     .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var sipp = new SippProcess(process, folder, port);
        await sipp.WaitUntilListeningAsync(tcp);
        return sipp;
    }

    /// <summary>Waits for SIPp to finish and returns its exit code (0: every call as scripted).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>How many requests of <paramref name="method"/> SIPp received, retransmissions included.</summary>
    public int Received(string method)
    {
        if (!File.Exists(MessageLog))
        {
            return 0;
        }

        var count = 0;
        var afterReceived = false;
        foreach (var line in File.ReadLines(MessageLog))
        {
            if (afterReceived && line.StartsWith(method + " ", StringComparison.Ordinal))
            {
                count++;
            }

            afterReceived = line.Contains("message received", StringComparison.Ordinal) || (afterReceived && line.Length == 0);
        }

        return count;
    }

    public string Errors => File.Exists(Path.Combine(_folder, "errors.log")) ? File.ReadAllText(Path.Combine(_folder, "errors.log")) : "";

    private async Task WaitUntilListeningAsync(bool tcp)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sipp exited with {_process.ExitCode}: {Errors}");
            }

            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            }
            catch (SocketException)
            {
                return; // SIPp holds the port
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("sipp did not bind its port");
    }

    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("OUTDIAL_KEEP_SIPP") is not null)
        {
            await Console.Error.WriteLineAsync($"SIPp files kept in {_folder}");
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
