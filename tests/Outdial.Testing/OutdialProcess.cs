using System.Diagnostics;
using System.Text;

namespace Outdial.Testing;

/// <summary>The built <c>outdial</c> executable run as a separate process, as a person would run it.</summary>
public sealed class OutdialProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private OutdialProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

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

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static OutdialProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts <c>outdial</c> with extra environment variables.</summary>
    public static OutdialProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) => Start(environment, null, arguments);

    /// <summary>Starts <c>outdial</c> from another working folder, as <c>dotnet /opt/outdial/outdial.dll</c> run from anywhere.</summary>
    public static OutdialProcess StartIn(string workingDirectory, params string[] arguments) => Start(new Dictionary<string, string>(), workingDirectory, arguments);

    private static OutdialProcess Start(IReadOnlyDictionary<string, string> environment, string? workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "outdial.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OUTDIAL_ADMIN_PASSWORD");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new OutdialProcess(Process.Start(start)!);
    }

    /// <summary>Runs a command to completion (at most a minute).</summary>
    public static Task<OutdialProcess> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs a command to completion (at most a minute) with extra environment variables.</summary>
    public static async Task<OutdialProcess> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var process = Start(environment, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit(); // flushes the asynchronous output readers
        return process;
    }

    /// <summary>Waits until standard output contains <paramref name="text"/>, or fails after <paramref name="limit"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear. Output:\n{Output}\nErrors:\n{Error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Ends the process at once, like <c>kill -9</c>: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
