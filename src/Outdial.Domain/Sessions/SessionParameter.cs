using System.Globalization;
using System.Text.RegularExpressions;

namespace Outdial.Sessions;

/// <summary>
/// One named value kept on a campaign session: a call script's answer, or a value that a
/// campaign rule set. A session has at most one value per name; an empty value is no value.
/// </summary>
public sealed partial class SessionParameter
{
    public const int MaxNameLength = 100;
    public const int MaxValueLength = 4000;

    /// <summary>
    /// How much of the lower-case value is indexed with the name. PostgreSQL refuses b-tree
    /// entries above about 2.7 kB, so the whole value (up to 4,000 characters) cannot be indexed;
    /// a prefix narrows equality and "starts with" just as well.
    /// </summary>
    public const int KeyLength = 200;

    private SessionParameter()
    {
    }

    /// <summary>A value for the session <paramref name="attemptId"/>; the name and value must have passed <see cref="Check"/>.</summary>
    public SessionParameter(Guid attemptId, string name, string value, DateTimeOffset now)
    {
        AttemptId = attemptId;
        Name = name;
        Change(value, now);
    }

    /// <summary>The session (its campaign attempt).</summary>
    public Guid AttemptId { get; private set; }

    public string Name { get; private set; } = "";

    public string Value { get; private set; } = "";

    /// <summary>Lower-case copy of <see cref="Value"/>, so that text filters ignore case alike on every database (SQLite's lower() knows only ASCII).</summary>
    public string ValueSearch { get; private set; } = "";

    /// <summary>The first <see cref="KeyLength"/> characters of <see cref="ValueSearch"/>, indexed with the name.</summary>
    public string ValueKey { get; private set; } = "";

    /// <summary>The value as a number when it is one (invariant culture, e.g. "12.5"), for greater/less-than filters.</summary>
    public double? Number { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(string value, DateTimeOffset now)
    {
        Value = value;
        ValueSearch = SearchForm(value);
        ValueKey = KeyOf(ValueSearch);
        Number = NumberOf(value);
        UpdatedAt = now;
    }

    /// <summary>The form in which a value is searched.</summary>
    public static string SearchForm(string value) => value.ToLowerInvariant();

    /// <summary>The indexed prefix of a search form.</summary>
    public static string KeyOf(string searchForm) => searchForm.Length <= KeyLength ? searchForm : searchForm[..KeyLength];

    /// <summary>The value as a number, or <c>null</c> when it is not a finite number.</summary>
    public static double? NumberOf(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    /// <summary>Whether <paramref name="name"/> can name a parameter: letters, digits, '_', '-' and '.', starting with a letter.</summary>
    public static bool IsValidName(string name) => name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    /// <summary>What is wrong with a name and its value, in words that say what to do; <c>null</c> when both are fine.</summary>
    public static string? Check(string name, string? value)
    {
        if (!IsValidName(name))
        {
            return $"'{name}' is not a valid parameter name. Use up to {MaxNameLength} letters, digits, '_', '-' or '.', starting with a letter (e.g. interested or offer.price).";
        }

        return value is { Length: > MaxValueLength }
            ? $"The value of '{name}' has {value.Length} characters; shorten it to {MaxValueLength} at most."
            : null;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]*\z")]
    private static partial Regex NamePattern();
}
