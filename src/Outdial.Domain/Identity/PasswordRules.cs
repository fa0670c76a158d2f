namespace Outdial.Identity;

/// <summary>What a new password must satisfy. Length beats composition rules (NIST SP 800-63B §5.1.1).</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Returns a sentence saying what is wrong, or null when the password is acceptable.</summary>
    public static string? Check(string? password, string email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"Choose a password of at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Choose a password of at most {MaxLength} characters.";
        }

        if (string.Equals(password, email, StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be your e-mail address.";
        }

        if (password.Distinct().Count() < 4)
        {
            return "The password is too easy to guess: use more different characters.";
        }

        return null;
    }
}
