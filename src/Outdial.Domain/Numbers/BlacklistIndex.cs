namespace Outdial.Numbers;

/// <summary>
/// The blacklist in memory, asked before every single dial. A number matches an exact entry by
/// one hash look-up, and a prefix entry by one look-up per possible prefix length (E.164 has at
/// most 15 digits), so a check costs at most 16 hash look-ups whatever the size of the list.
/// </summary>
public sealed class BlacklistIndex
{
    private readonly Dictionary<string, DateTimeOffset?> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset?> _prefixes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _exact.Count + _prefixes.Count;
            }
        }
    }

    public void Add(BlacklistEntry entry) => Add(entry.Pattern, entry.IsPrefix, entry.ExpiresAt);

    /// <summary>Adds or replaces a pattern; of two entries for the same pattern the one that lasts longer wins.</summary>
    public void Add(string pattern, bool isPrefix, DateTimeOffset? expiresAt)
    {
        lock (_lock)
        {
            var target = isPrefix ? _prefixes : _exact;
            if (!target.TryGetValue(pattern, out var existing) || existing is not null && (expiresAt is null || expiresAt > existing))
            {
                target[pattern] = expiresAt;
            }
        }
    }

    public void Remove(string pattern, bool isPrefix)
    {
        lock (_lock)
        {
            (isPrefix ? _prefixes : _exact).Remove(pattern);
        }
    }

    /// <summary>The pattern that blocks <paramref name="e164"/> at <paramref name="now"/>, or null when it may be dialled.</summary>
    public string? Blocking(string e164, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_exact.TryGetValue(e164, out var expiry) && (expiry is null || expiry > now))
            {
                return e164;
            }

            if (_prefixes.Count == 0)
            {
                return null;
            }

            var lookup = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var length = 2; length <= e164.Length; length++)
            {
                if (lookup.TryGetValue(e164.AsSpan(0, length), out var prefixExpiry) && (prefixExpiry is null || prefixExpiry > now))
                {
                    return e164[..length];
                }
            }

            return null;
        }
    }
}
