using System.Diagnostics;
using System.Text;

namespace Outdial.Testing.Sip;

/// <summary>
/// SIPp (Debian package <c>sip-tester</c>) running one scenario on 127.0.0.1 on a free port, as a
/// carrier or a customer's phone. Ends only its own process.
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

    public int MediaPort { get; }

    /// <summary>Where to send requests: <c>127.0.0.1:PORT</c>.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

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

    /// <param name="scenarioXml">The scenario; it may use <c>[media_port]</c> and <c>rtp_stream</c> with files in <paramref name="files"/>.</param>
    /// <param name="calls">How many calls SIPp handles before it exits.</param>
    /// <param name="files">Extra files written beside the scenario (name → bytes), e.g. the audio a customer plays.</param>
    public static SippPeer Start(string scenarioXml, int calls = 1, IReadOnlyDictionary<string, byte[]>? files = null, string? remote = null)
    {
        var folder = Directory.CreateTempSubdirectory("outdial-sipp-").FullName;
        foreach (var (name, bytes) in files ?? new Dictionary<string, byte[]>())
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        var scenario = Path.Combine(folder, "scenario.xml");
        File.WriteAllText(scenario, scenarioXml.Replace("FOLDER", folder, StringComparison.Ordinal));
        var port = FreePorts.UdpAndTcp();
        var mediaPort = FreePorts.RtpBase();
        var start = new ProcessStartInfo("sipp")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            "-nostdin", "-timeout", "60s", "-timeout_error", "-i", "127.0.0.1", "-p", $"{port}", "-mi", "127.0.0.1", "-mp", $"{mediaPort}",
            "-sf", scenario, "-m", $"{calls}", "-trace_err", "-error_file", Path.Combine(folder, "errors.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (remote is not null)
        {
            start.ArgumentList.Add(remote);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start; install the Debian package sip-tester.");
        var peer = new SippPeer(process, folder, port, mediaPort);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>SIPp's exit code once it has handled its calls: 0 when every call followed the scenario.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"SIPp did not finish within {limit}. Output:\n{Output}\nErrors:\n{Errors()}");
        }

        return _process.ExitCode;
    }

    /// <summary>The messages SIPp found unexpected (its error file).</summary>
    public string Errors()
    {
        var file = Path.Combine(_folder, "errors.log");
        return File.Exists(file) ? File.ReadAllText(file) : "";
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
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
