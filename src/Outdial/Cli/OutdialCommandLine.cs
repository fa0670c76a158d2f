using System.CommandLine;
using Outdial.Hosting;

namespace Outdial.Cli;

/// <summary>
/// <c>outdial</c>: with no command (or <c>serve</c>) it runs the server; other commands reuse the
/// same services against the same data folder.
/// </summary>
public static class OutdialCommandLine
{
    public static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Folder for the SQLite database and other files (default: ./data).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Outdial: outbound telephone campaigns for contact centres.");
        root.Add(DataOption);
        var serve = ServeCommand.Create();
        root.Add(serve);
        root.Add(TokenCommand.Create());
        root.Add(ContactsCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(SipCommand.Create());

        // `outdial` alone runs the server, exactly like `outdial serve`.
        foreach (var option in serve.Options)
        {
            if (option != DataOption)
            {
                root.Add(option);
            }
        }

        root.TreatUnmatchedTokensAsErrors = false;
        root.Action = serve.Action;

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>Configuration arguments (<c>--Key=value</c>) for a host built by a command.</summary>
    public static List<string> HostArguments(ParseResult parsed)
    {
        var arguments = new List<string>(parsed.UnmatchedTokens);
        if (parsed.GetValue(DataOption) is { Length: > 0 } data)
        {
            arguments.Add($"--{OutdialConfiguration.DataFolderKey}={data}");
        }

        return arguments;
    }
}
