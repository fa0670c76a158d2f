namespace Outdial.Dialing.Pacing;

/// <summary>
/// The seed's predictive rule: keep ⌈free operators ÷ configured pickup rate⌉ calls dialling. A
/// supervisor's guess that is too high idles operators; too low, and calls are abandoned.
/// </summary>
public sealed class FixedRatioPacing : IPacingPolicy
{
    private readonly double? _dialsPerFreeOperator;

    /// <summary>Dials ⌈free ÷ the campaign's configured pickup rate⌉.</summary>
    public FixedRatioPacing()
    {
    }

    /// <summary>Dials ⌈free × <paramref name="dialsPerFreeOperator"/>⌉ whatever the campaign says (simulator sweeps).</summary>
    public FixedRatioPacing(double dialsPerFreeOperator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dialsPerFreeOperator, 1.0);
        _dialsPerFreeOperator = dialsPerFreeOperator;
    }

    public DateTimeOffset? NextReviewAt => null;

    public int CallsToStart(in PacingSnapshot snapshot)
    {
        if (snapshot.Free == 0)
        {
            // Nobody free wants no dial: the same answer as the rule below, without its rounding.
            return -snapshot.Dialling;
        }

        var ratio = _dialsPerFreeOperator ?? snapshot.ConfiguredPickupRate.DialsPerFreeOperator;

        // Rounding guards against 1/0.2 = 5.000000000000001 turning into 6 dials.
        var wanted = (int)Math.Ceiling(Math.Round(snapshot.Free * ratio, 9));
        return wanted - snapshot.Dialling;
    }

    public void Observe(in PacingObservation observation)
    {
    }
}
