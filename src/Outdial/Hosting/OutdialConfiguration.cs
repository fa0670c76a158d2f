using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Outdial.Persistence;

namespace Outdial.Hosting;

/// <summary>
/// Where Outdial keeps its files and which database it uses. Read the same way by the server and
/// by every command-line tool, so that <c>--data DIR</c> means the same thing everywhere.
/// </summary>
public static class OutdialConfiguration
{
    /// <summary>Configuration key of the data folder (<c>--data</c> on the command line).</summary>
    public const string DataFolderKey = "Data:Folder";

    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static string DataFolder(IConfiguration configuration) =>
        Path.GetFullPath(configuration[DataFolderKey] is { Length: > 0 } folder ? folder : "data");

    public static DatabaseOptions Database(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.ConnectionString ??= configuration.GetConnectionString("Outdial");
        return options;
    }

    /// <summary>
    /// Adds the sources every Outdial process reads, below the command line (which always wins):
    /// environment variables with the <c>OUTDIAL_</c> prefix, and — when the process was started
    /// from a folder without an <c>appsettings.json</c> (<c>dotnet /opt/outdial/outdial.dll</c> from
    /// anywhere; the content root is the working folder) — the one shipped beside the program.
    /// </summary>
    public static void AddOutdialSources(this IConfigurationManager configuration, string contentRoot)
    {
        var sources = configuration.Sources;
        var commandLine = 0;
        while (commandLine < sources.Count && sources[commandLine] is not CommandLineConfigurationSource)
        {
            commandLine++;
        }

        sources.Insert(commandLine, new EnvironmentVariablesConfigurationSource { Prefix = "OUTDIAL_" });

        const string settings = "appsettings.json";
        if (!File.Exists(Path.Combine(contentRoot, settings)) && File.Exists(Path.Combine(AppContext.BaseDirectory, settings)))
        {
            // Lowest of all: anything the host or the environment says still wins.
            sources.Insert(0, new JsonConfigurationSource { Path = settings, Optional = true, FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory) });
        }
    }

    public static IServiceCollection AddOutdialPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var folder = DataFolder(configuration);
        Directory.CreateDirectory(folder);
        services.AddSingleton(TimeProvider.System);
        return services.AddOutdialDatabase(Database(configuration), folder);
    }
}
