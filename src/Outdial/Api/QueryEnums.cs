using System.Text.Json;

namespace Outdial.Api;

/// <summary>
/// An enum in a query string (<c>?state=running</c>), written as the JSON bodies write it:
/// camelCase, in any letter case. The framework's own binding wants the C# name exactly
/// (<c>Running</c>), also takes numbers, and answers a mistake with the type's name; this answers
/// with the values to choose from.
/// </summary>
public static class QueryEnums
{
    /// <summary>The value named <paramref name="value"/>, or <c>null</c> when the parameter is left out.</summary>
    /// <exception cref="InvalidInputProblem">The value is not one of the enum's names.</exception>
    public static T? Parse<T>(string? value, string parameter)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TryName<T>(value, out var parsed)
            ? parsed
            : throw new InvalidInputProblem(parameter, $"'{value.Trim()}' is not a {parameter} here. Use one of: {string.Join(", ", Names<T>())}; leave '{parameter}' out for all.");
    }

    /// <summary>
    /// The value whose name is <paramref name="value"/> in any letter case. Unlike
    /// <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> it takes no numbers and no comma lists.
    /// </summary>
    public static bool TryName<T>(string value, out T result)
        where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        result = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }

    /// <summary>The names a client writes, as in JSON (camelCase).</summary>
    public static IEnumerable<string> Names<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName);
}
