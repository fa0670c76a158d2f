namespace Outdial.Dialing;

/// <summary>
/// The share of dials a live person answers, in (0, 1]. Predictive campaigns dial
/// 1 ÷ pickup rate numbers per free operator (50 % → 2).
/// </summary>
public readonly record struct PickupRate
{
    public PickupRate(double value)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A pickup rate is a share in (0, 1].");
        }

        Value = value;
    }

    public double Value { get; }

    /// <summary>How many numbers to dial for each free operator.</summary>
    public double DialsPerFreeOperator => 1 / Value;

    public override string ToString() => $"{Value:P0}";
}
