using System.Diagnostics;
using Npgsql;

namespace Outdial.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for this test run: <c>initdb</c> into a temporary folder,
/// <c>pg_ctl</c> on a free port bound to 127.0.0.1, no fsync. Started on first use, stopped at the
/// end of the run. As root, the server runs as the <c>postgres</c> user (PostgreSQL refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private string? _folder;
    private int _port;
    private int _databases;

    public async Task<string> CreateDatabaseAsync()
    {
        await EnsureStartedAsync();
        var name = $"outdial_test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=20";

    private async Task EnsureStartedAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            if (_folder is not null)
            {
                return;
            }

            if (!File.Exists(Path.Combine(Binaries, "initdb")))
            {
                throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Binaries}/initdb is missing). Run ./test.sh, which installs it, or apt-get install postgresql-15.");
            }

            var folder = Directory.CreateTempSubdirectory("outdial-pg-").FullName;
            var data = Path.Combine(folder, "data");
            _port = FreePorts.UdpAndTcp();
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", $"postgres {folder}");
            }

            await RunPostgresToolAsync(asRoot, "initdb", $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8");
            await RunPostgresToolAsync(asRoot, "pg_ctl",
                $"-D {data} -w -t 60 -l {folder}/server.log -o \"-p {_port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start");
            _folder = folder;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        var asRoot = Environment.UserName == "root";
        await RunPostgresToolAsync(asRoot, "pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static Task RunPostgresToolAsync(bool asRoot, string tool, string arguments) =>
        asRoot
            ? RunAsync("runuser", $"-u postgres -- {Binaries}/{tool} {arguments}")
            : RunAsync($"{Binaries}/{tool}", arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{file} {arguments}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode}: {await output}{await error}");
        }
    }
}
