using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outdial.Testing.Sip;

/// <summary>
/// SIPp (Debian package <c>sip-tester</c>) playing one scenario written by the test, as a carrier
/// or a customer's phone, on a port free at run time on 127.0.0.1 (UDP, or TCP). It logs every
/// message it sends and receives; disposing ends this process only.
/// </summary>
public sealed class SippPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private SippPeer(Process process, string folder, int port, int mediaPort)
    {
        _process = process;
        _folder = folder;
        Port = port;
        MediaPort = mediaPort;
    }

    public int Port { get; }

    /// <summary>The RTP port of <c>[media_port]</c> in the scenario (and of <c>rtp_stream</c>).</summary>
    public int MediaPort { get; }

    /// <summary>Where to send requests: <c>127.0.0.1:PORT</c>.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Every message SIPp sent and received.</summary>
    public string MessageLog => Path.Combine(_folder, "messages.log");

    /// <summary>What SIPp printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The messages SIPp found unexpected (its error file).</summary>
    public string Errors => File.Exists(Path.Combine(_folder, "errors.log")) ? File.ReadAllText(Path.Combine(_folder, "errors.log")) : "";

    /// <summary>A Request-URI at this SIPp, over UDP or TCP.</summary>
    public string Uri(string user = "100", bool tcp = false) => $"sip:{user}@{HostPort}" + (tcp ? ";transport=tcp" : "");

    /// <summary>Starts SIPp as a server (UAS) playing <paramref name="scenarioXml"/>, and returns once it holds its port.</summary>
    /// <param name="scenarioXml">The scenario; <c>FOLDER</c> in it becomes the folder of <paramref name="files"/>.</param>
    /// <param name="calls">How many calls SIPp handles before it exits.</param>
    /// <param name="files">Files written beside the scenario (name → bytes), e.g. the audio a customer plays with <c>rtp_stream</c>.</param>
    public static async Task<SippPeer> StartAsync(string scenarioXml, bool tcp = false, int calls = 1, IReadOnlyDictionary<string, byte[]>? files = null, params string[] extraArguments)
    {
        var folder = Directory.CreateTempSubdirectory("outdial-sipp-").FullName;
        foreach (var (name, bytes) in files ?? new Dictionary<string, byte[]>())
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
        }

        var scenario = Path.Combine(folder, "scenario.xml");
        await File.WriteAllTextAsync(scenario, scenarioXml.Replace("FOLDER", folder, StringComparison.Ordinal));
        var port = FreePorts.UdpAndTcp();
        var mediaPort = FreePorts.RtpBase();
        var start = new ProcessStartInfo("sipp")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in (string[])[
            "-nostdin", "-timeout", "60s", "-timeout_error", "-i", "127.0.0.1", "-p", Text(port), "-mi", "127.0.0.1", "-mp", Text(mediaPort),
            "-sf", scenario, "-m", Text(calls), "-t", tcp ? "t1" : "u1",
            "-trace_msg", "-message_file", Path.Combine(folder, "messages.log"), "-trace_err", "-error_file", Path.Combine(folder, "errors.log"),
            .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start; install the Debian package sip-tester.");
        var peer = new SippPeer(process, folder, port, mediaPort);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await peer.WaitUntilListeningAsync(tcp);
        return peer;
    }

    /// <summary>SIPp's exit code once it has handled its calls: 0 when every call followed the scenario.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"SIPp did not finish in time. Output:\n{Output}\nErrors:\n{Errors}");
        }

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
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

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private async Task WaitUntilListeningAsync(bool tcp)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sipp exited with {_process.ExitCode}: {Output}\n{Errors}");
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
