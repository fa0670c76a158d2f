using Outdial.Contacts;

namespace Outdial.Numbers;

/// <summary>
/// A number that must never be dialled (do-not-call), or a prefix that blocks every number
/// starting with it (e.g. premium-rate +420900).
/// </summary>
public sealed class BlacklistEntry
{
    public const int MaxReasonLength = 200;

    private BlacklistEntry()
    {
    }

    private BlacklistEntry(string pattern, bool isPrefix, string reason, string addedBy, DateTimeOffset addedAt, DateTimeOffset? expiresAt)
    {
        Id = Guid.NewGuid();
        Pattern = pattern;
        IsPrefix = isPrefix;
        Reason = reason;
        AddedBy = addedBy;
        AddedAt = addedAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    /// <summary>An E.164 number, or for a prefix "+" and 1 to 14 digits.</summary>
    public string Pattern { get; private set; } = "";

    public bool IsPrefix { get; private set; }

    public string Reason { get; private set; } = "";

    public string AddedBy { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }

    /// <summary>After this time the entry no longer blocks; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsActive(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;

    /// <summary>
    /// Checks and normalises an entry. A number is read like a contact's phone (any format,
    /// default region); a prefix is written in international form, e.g. "+420900" or "00420900".
    /// </summary>
    public static BlacklistEntry Create(string number, bool isPrefix, string? reason, string addedBy, DateTimeOffset now, DateTimeOffset? expiresAt, string defaultRegion, string field = "number")
    {
        var errors = new Dictionary<string, string[]>();
        var pattern = isPrefix ? NormalisePrefix(number) : PhoneNumber.ToE164(number ?? "", defaultRegion);
        if (pattern is null)
        {
            errors[field] = [isPrefix
                ? $"'{number}' is not a prefix: write '+' (or 00) and 1 to 14 digits, e.g. +420900."
                : $"'{number}' is not a valid phone number (default region {defaultRegion}); write it with the country code, e.g. +420 777 123 456."];
        }

        var trimmedReason = reason?.Trim() ?? "";
        if (trimmedReason.Length > MaxReasonLength)
        {
            errors["reason"] = [$"A reason has at most {MaxReasonLength} characters."];
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["The expiry must be in the future; leave it empty for an entry that never expires."];
        }

        return errors.Count > 0
            ? throw new InvalidInputProblem(errors)
            : new BlacklistEntry(pattern!, isPrefix, trimmedReason, addedBy, now, expiresAt?.ToUniversalTime());
    }

    private static string? NormalisePrefix(string? text)
    {
        var compact = new string([.. (text ?? "").Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '(' or ')'))]);
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }

        return compact.Length is >= 2 and <= 15 && compact[0] == '+' && compact[1] != '0' && compact.Skip(1).All(char.IsAsciiDigit) ? compact : null;
    }
}
