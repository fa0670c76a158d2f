using System.Globalization;
using Outdial.Persistence;

namespace Outdial.Bench;

/// <summary>The command-line options the database benchmarks share: <c>--name value</c> pairs and <c>--provider</c>.</summary>
internal static class BenchArguments
{
    public static int Number(string[] args, string name, int fallback) =>
        Text(args, name, null) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static string? Text(string[] args, string name, string? fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

    /// <summary><c>--provider sqlite|postgresql|both</c> (default both).</summary>
    public static DatabaseProvider[] Providers(string[] args) => Text(args, "--provider", "both") switch
    {
        "sqlite" => [DatabaseProvider.Sqlite],
        "postgresql" => [DatabaseProvider.PostgreSql],
        _ => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql],
    };
}
