namespace Outdial.Dialing;

/// <summary>Numbers that must never be dialled. Asked right before every dial, so it must answer from memory.</summary>
public interface IBlacklist
{
    bool Contains(E164Number number);
}

/// <summary>A blacklist held in memory.</summary>
public sealed class InMemoryBlacklist(IEnumerable<E164Number> numbers) : IBlacklist
{
    private readonly HashSet<string> _numbers = numbers.Select(n => n.E164).ToHashSet(StringComparer.Ordinal);

    public static InMemoryBlacklist Empty => new([]);

    public bool Contains(E164Number number) => _numbers.Contains(number.E164);
}
