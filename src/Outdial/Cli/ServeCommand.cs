using System.CommandLine;
using Outdial.Hosting;

namespace Outdial.Cli;

internal static class ServeCommand
{
    private static readonly Option<string?> UrlsOption = new("--urls")
    {
        Description = $"Addresses to listen on, separated by ';' (default: {OutdialConfiguration.DefaultUrls}).",
    };

    private static readonly Option<bool> DemoOption = new("--demo")
    {
        Description = "Demo mode: demo contacts, simulated operators and a running predictive campaign on the simulated carrier.",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run the Outdial server: web UI, REST API under /api/v1, metrics.")
        {
            UrlsOption,
            DemoOption,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var arguments = OutdialCommandLine.HostArguments(parsed);
            if (parsed.GetValue(UrlsOption) is { Length: > 0 } urls)
            {
                arguments.Add($"--urls={urls}");
            }

            if (parsed.GetValue(DemoOption))
            {
                arguments.Add("--Demo:Enabled=true");
            }

            await using var app = OutdialServer.Build([.. arguments]);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
