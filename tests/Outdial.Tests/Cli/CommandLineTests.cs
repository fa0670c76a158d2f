using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Outdial.Testing;

namespace Outdial.Tests.Cli;

/// <summary>The <c>outdial</c> executable, run as a separate process.</summary>
public sealed partial class CommandLineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_lists_the_commands()
    {
        await using var help = await OutdialProcess.RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("serve", help.Output);
        Assert.Contains("token", help.Output);
        Assert.Contains("--data", help.Output);
    }

    [Fact]
    public async Task The_server_starts_on_a_fresh_data_folder_prints_a_one_time_password_and_serves_login_and_health()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.UdpAndTcp()}";
        await using var server = OutdialProcess.Start("--data", data, "--urls", url);

        await server.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));
        var password = PasswordLine().Match(server.Output).Groups[1].Value;
        Assert.Equal(16, password.Length);
        Assert.True(File.Exists(Path.Combine(data, "outdial.db")));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync("/api/v1/health", Cancel));
        var login = await http.GetStringAsync("/login", Cancel);
        Assert.Contains("Sign in", login);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/_content/MudBlazor/MudBlazor.min.css", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_server_started_from_another_folder_reads_the_settings_shipped_beside_it()
    {
        var folder = Directory.CreateTempSubdirectory("outdial-elsewhere-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.UdpAndTcp()}";
        await using var server = OutdialProcess.StartIn(folder, "--data", Path.Combine(folder, "data"), "--urls", url);

        await server.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync("/api/v1/health", Cancel));

        // appsettings.json beside outdial.dll keeps EF Core's log at warnings; without it every SQL command is logged.
        Assert.Contains($"Content root path: {folder}", server.Output);
        Assert.DoesNotContain("Executed DbCommand", server.Output);
    }

    [Fact]
    public async Task The_command_line_wins_over_OUTDIAL_environment_variables()
    {
        var fromEnvironment = Directory.CreateTempSubdirectory("outdial-env-").FullName;
        var fromCommandLine = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var output = Path.Combine(fromCommandLine, "contacts.csv");

        await using var export = await OutdialProcess.RunAsync(
            new Dictionary<string, string> { ["OUTDIAL_Data__Folder"] = fromEnvironment }, "contacts", "export", "--output", output, "--data", fromCommandLine);

        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(Path.Combine(fromCommandLine, "outdial.db")));
        Assert.False(File.Exists(Path.Combine(fromEnvironment, "outdial.db")));
    }

    [Fact]
    public async Task OUTDIAL_ADMIN_PASSWORD_sets_the_first_administrators_one_time_password()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.UdpAndTcp()}";
        await using var server = OutdialProcess.Start(new Dictionary<string, string> { ["OUTDIAL_ADMIN_PASSWORD"] = "chosen-by-Deploy-7" }, "--data", data, "--urls", url);

        await server.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));

        Assert.Equal("chosen-by-Deploy-7", PasswordLine().Match(server.Output).Groups[1].Value);
    }

    [Fact]
    public async Task Token_create_prints_a_token_that_the_api_accepts()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.UdpAndTcp()}";
        await using (var first = OutdialProcess.Start("serve", "--data", data, "--urls", url))
        {
            await first.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));
        }

        await using var create = await OutdialProcess.RunAsync("token", "create", "--user", "admin@outdial.local", "--name", "ci", "--data", data);
        Assert.Equal(0, create.ExitCode);
        var token = create.Output.Trim();
        Assert.StartsWith("odt_", token);

        await using var server = OutdialProcess.Start("--data", data, "--urls", url);
        await server.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // The administrator still has a one-time password, so the token authenticates (200 on /me)
        // but grants no permission yet (403 on /users).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/me", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/users", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Token_create_for_an_unknown_user_fails_with_a_message()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;

        await using var create = await OutdialProcess.RunAsync("token", "create", "--user", "nobody@example.com", "--name", "ci", "--data", data);

        Assert.Equal(2, create.ExitCode);
        Assert.Contains("nobody@example.com", create.Error);
        Assert.Equal("", create.Output.Trim());
    }

    [Fact]
    public async Task Contacts_export_writes_a_csv_file()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var file = Path.Combine(data, "contacts.csv");

        await using var export = await OutdialProcess.RunAsync("contacts", "export", "--output", file, "--data", data);

        Assert.Equal(0, export.ExitCode);
        Assert.StartsWith("id,firstName,lastName", File.ReadAllText(file).TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Contacts_import_prints_json_counts_and_errors()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var file = Path.Combine(data, "in.csv");
        await File.WriteAllTextAsync(file, "Jméno;Příjmení;Telefon;Plan\nJana;Nováková;777 123 456;gold\nPetr;;00420777123456;silver\nBad;;12;x\n", Cancel);

        await using var import = await OutdialProcess.RunAsync("contacts", "import", file, "--auto-map", "--map", "Plan=custom:plan", "--json", "--data", data);

        Assert.Equal(0, import.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(import.Output);
        Assert.Equal(3, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("created").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("updated").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("failed").GetInt32());

        // "12" is kept as written but marked invalid: the row is imported, with a warning naming it.
        Assert.Equal(1, json.RootElement.GetProperty("invalidPhones").GetInt32());
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal((4, "Telefon"), (warning.GetProperty("row").GetInt32(), warning.GetProperty("column").GetString()));
        Assert.Contains("not a valid phone number", warning.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Contacts_import_of_a_binary_or_missing_file_fails_with_a_message()
    {
        var data = Directory.CreateTempSubdirectory("outdial-cli-").FullName;
        var binary = Path.Combine(data, "photo.csv");
        await File.WriteAllBytesAsync(binary, [0x00, 0x01, 0x02, 0x00, 0xFF, 0x00, 0x10, 0x0A, 0x00, 0x00], Cancel);

        await using var import = await OutdialProcess.RunAsync("contacts", "import", binary, "--data", data);
        await using var missing = await OutdialProcess.RunAsync("contacts", "import", Path.Combine(data, "nope.csv"), "--data", data);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("not a text file", import.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.csv", missing.Error);
    }

    [GeneratedRegex(@"Password:\s+(\S+)")]
    private static partial Regex PasswordLine();
}
