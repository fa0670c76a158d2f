using System.Diagnostics;
using System.Text;

namespace Outdial.Testing.Sip;

/// <summary>
/// baresip as an operator's auto-answering phone on 127.0.0.1: it plays a tone from an 8 kHz WAV
/// (and hangs up when the tone ends) and records what it hears (the <c>sndfile</c> module), so a
/// test can tell whether audio really reached the operator.
/// </summary>
public sealed class BaresipPhone : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private BaresipPhone(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>The phone's SIP address, as an operator's profile holds it.</summary>
    public string Address => $"sip:agent1@127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="toneSeconds">How long the phone's own tone plays; it hangs up when the tone ends.</param>
    public static async Task<BaresipPhone> StartAsync(double toneSeconds = 6)
    {
        var folder = Directory.CreateTempSubdirectory("outdial-baresip-").FullName;
        var port = FreePorts.UdpAndTcp();
        var tone = Path.Combine(folder, "tone.wav");
        await File.WriteAllBytesAsync(tone, Wave.Tone(440, toneSeconds));
        await File.WriteAllTextAsync(Path.Combine(folder, "config"), $"""
            sip_listen 127.0.0.1:{port}
            sip_transports udp
            module_path /usr/lib/baresip/modules
            module g711.so
            module aufile.so
            module sndfile.so
            module_app account.so
            module_app menu.so
            audio_source aufile,{tone}
            audio_alert aufile,/dev/null
            snd_path {folder}
            rtp_ports 30000-40000

            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "accounts"), $"<sip:agent1@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=pcmu\n");
        var start = new ProcessStartInfo("baresip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(folder);
        var process = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start; install the Debian package baresip.");
        var phone = new BaresipPhone(process, folder, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (phone._log)
            {
                phone._log.AppendLine(line);
            }

            if (line.Contains("baresip is ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(15))) != ready.Task)
        {
            await phone.DisposeAsync();
            throw new TimeoutException($"baresip did not get ready. Its output:\n{phone.Log}");
        }

        return phone;
    }

    /// <summary>The loudness (RMS of 16-bit samples) of everything the phone received, 0 when nothing was recorded.</summary>
    public double ReceivedLoudness() =>
        Directory.GetFiles(Folder, "dump-*-dec.wav").Select(file => Wave.Rms(File.ReadAllBytes(file))).DefaultIfEmpty(0).Max();

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
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
