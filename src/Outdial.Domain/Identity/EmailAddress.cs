using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;

namespace Outdial.Identity;

/// <summary>An e-mail address that has been checked for shape; compared without regard to case.</summary>
public readonly record struct EmailAddress
{
    private EmailAddress(string value)
    {
        Value = value;
        Normalized = value.ToLowerInvariant();
    }

    public string Value { get; }

    public string Normalized { get; }

    public const int MaxLength = 254;

    public static bool TryParse(string? text, [NotNullWhen(true)] out EmailAddress? email)
    {
        email = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !trimmed.Contains('@'))
        {
            return false;
        }

        email = new EmailAddress(trimmed);
        return true;
    }

    public static string NormalizeForLookup(string text) => text.Trim().ToLowerInvariant();

    public override string ToString() => Value;
}
