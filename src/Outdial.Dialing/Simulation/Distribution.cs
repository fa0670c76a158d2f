using System.Globalization;
using System.Text.Json;

namespace Outdial.Dialing.Simulation;

/// <summary>
/// A distribution of durations in seconds, sampled by its quantile function so that one uniform
/// number gives one value (common random numbers across policies; truncation by
/// <see cref="SampleBelow"/>).
/// </summary>
public abstract record Distribution
{
    public abstract double Mean { get; }

    /// <summary>The value below which a share <paramref name="u"/> of the distribution lies.</summary>
    public abstract double Quantile(double u);

    /// <summary>The share of the distribution at or below <paramref name="x"/>.</summary>
    public abstract double Cdf(double x);

    /// <summary>A value drawn from the distribution conditioned on being below <paramref name="limit"/>.</summary>
    public double SampleBelow(double u, double limit)
    {
        var below = Cdf(limit);
        return below <= 0 ? limit : Math.Min(Quantile(u * below), limit);
    }

    /// <summary>Reads <c>{ "dist": "fixed|uniform|exponential|lognormal", ... }</c> (benchmarks.md §1).</summary>
    public static Distribution FromJson(JsonElement json)
    {
        var kind = json.TryGetProperty("dist", out var dist) ? dist.GetString() : "fixed";
        double Number(string name) => json.TryGetProperty(name, out var value)
            ? value.GetDouble()
            : throw new FormatException($"The {kind} distribution needs \"{name}\".");
        return kind?.ToLowerInvariant() switch
        {
            "fixed" => new FixedDistribution(Number("value")),
            "uniform" => new UniformDistribution(Number("min"), Number("max")),
            "exponential" => new ExponentialDistribution(Number("mean")),
            "lognormal" => new LogNormalDistribution(Number("mean"), Number("sd")),
            _ => throw new FormatException($"Unknown distribution \"{kind}\": use fixed, uniform, exponential or lognormal."),
        };
    }
}

public sealed record FixedDistribution(double Value) : Distribution
{
    public override double Mean => Value;

    public override double Quantile(double u) => Value;

    public override double Cdf(double x) => x >= Value ? 1 : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"fixed {Value}");
}

public sealed record UniformDistribution : Distribution
{
    public UniformDistribution(double min, double max)
    {
        if (max < min)
        {
            throw new FormatException("A uniform distribution needs min ≤ max.");
        }

        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public override double Mean => (Min + Max) / 2;

    public override double Quantile(double u) => Min + (u * (Max - Min));

    public override double Cdf(double x) => x <= Min ? (x >= Max ? 1 : 0) : x >= Max ? 1 : (x - Min) / (Max - Min);
}

public sealed record ExponentialDistribution(double MeanValue) : Distribution
{
    public override double Mean => MeanValue;

    public override double Quantile(double u) => -MeanValue * Math.Log(1 - u);

    public override double Cdf(double x) => x <= 0 ? 0 : 1 - Math.Exp(-x / MeanValue);
}

/// <summary>
/// A log-normal distribution given by the mean and standard deviation of the values themselves
/// (benchmarks.md), not of their logarithm: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
/// </summary>
public sealed record LogNormalDistribution : Distribution
{
    public LogNormalDistribution(double mean, double sd)
    {
        if (mean <= 0 || sd < 0)
        {
            throw new FormatException("A lognormal distribution needs mean > 0 and sd ≥ 0.");
        }

        MeanValue = mean;
        Sd = sd;
        Sigma = Math.Sqrt(Math.Log(1 + (sd * sd / (mean * mean))));
        Mu = Math.Log(mean) - (Sigma * Sigma / 2);
    }

    public double MeanValue { get; }

    public double Sd { get; }

    public double Mu { get; }

    public double Sigma { get; }

    public override double Mean => MeanValue;

    public override double Quantile(double u) => Math.Exp(Mu + (Sigma * StandardNormal.Quantile(u)));

    public override double Cdf(double x) => x <= 0 ? 0 : Sigma == 0 ? (x >= MeanValue ? 1 : 0) : StandardNormal.Cdf((Math.Log(x) - Mu) / Sigma);
}

/// <summary>The standard normal distribution's CDF (to 1.2e-7) and quantile (to 1.2e-9): ample for sampling durations.</summary>
internal static class StandardNormal
{
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Acklam's rational approximation (relative error below 1.2e-9).</summary>
    public static double Quantile(double p)
    {
        p = Math.Clamp(p, 1e-15, 1 - 1e-15);
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }

        return x;
    }

    /// <summary>Complementary error function (Numerical Recipes' <c>erfcc</c>, fractional error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
