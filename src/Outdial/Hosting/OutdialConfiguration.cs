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

    /// <summary>Adds the sources every Outdial process reads: environment variables with the <c>OUTDIAL_</c> prefix.</summary>
    public static void AddOutdialSources(this IConfigurationManager configuration) =>
        configuration.AddEnvironmentVariables("OUTDIAL_");

    public static IServiceCollection AddOutdialPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var folder = DataFolder(configuration);
        Directory.CreateDirectory(folder);
        services.AddSingleton(TimeProvider.System);
        return services.AddOutdialDatabase(Database(configuration), folder);
    }
}
