namespace Outdial;

/// <summary>A window onto a list: skip <see cref="Offset"/> items, return at most <see cref="Limit"/>.</summary>
public readonly record struct PageRequest(int Offset, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <summary>Checks what a caller sent; throws <see cref="InvalidInputProblem"/> naming the bad field.</summary>
    public static PageRequest From(int? offset, int? limit)
    {
        if (offset is < 0)
        {
            throw new InvalidInputProblem("offset", "offset must be 0 or more.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            throw new InvalidInputProblem("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return new PageRequest(offset ?? 0, limit ?? DefaultLimit);
    }
}

/// <summary>One page of a list, with the total number of items that match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Total, Offset, Limit);
}
