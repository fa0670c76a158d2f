using System.CommandLine;
using Outdial.Hosting;

namespace Outdial.Cli;

internal static class ServeCommand
{
    private static readonly Option<string?> UrlsOption = new("--urls")
    {
        Description = $"Addresses to listen on, separated by ';' (default: {OutdialConfiguration.DefaultUrls}).",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run the Outdial server: web UI, REST API under /api/v1, metrics.")
        {
            UrlsOption,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var arguments = OutdialCommandLine.HostArguments(parsed);
            if (parsed.GetValue(UrlsOption) is { Length: > 0 } urls)
            {
                arguments.Add($"--urls={urls}");
            }

            await using var app = OutdialServer.Build([.. arguments]);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
