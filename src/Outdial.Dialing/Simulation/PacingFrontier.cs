using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Outdial.Dialing.Simulation;

/// <summary>One setting of a policy's aggressiveness and what it gave, averaged over seeds.</summary>
public sealed record FrontierPoint(double Aggressiveness, double AbandonRate, double TalkFraction);

/// <summary>
/// The talk fraction a policy reaches where its abandon rate crosses the cap (benchmarks.md:
/// sweep the aggressiveness, interpolate linearly between the two settings either side of 3 %).
/// </summary>
/// <param name="TalkFractionAtCap"><c>null</c> when the sweep never crosses the cap.</param>
public sealed record PacingFrontier(string Policy, int Seeds, double Cap, IReadOnlyList<FrontierPoint> Points, double? TalkFractionAtCap)
{
    public const double DefaultCap = 0.03;

    public static PacingFrontier Sweep(Scenario scenario, string policyName, int firstSeed, int seeds, double cap = DefaultCap)
    {
        var policy = SimulationPolicy.Parse(policyName);
        IReadOnlyList<double?> settings = policy.FrontierSweep.Count == 0 ? [null] : [.. policy.FrontierSweep.Select(a => (double?)a)];
        var points = new List<FrontierPoint>();
        foreach (var setting in settings)
        {
            var summary = PacingSimulator.RunSeeds(scenario, policy with { Aggressiveness = setting }, firstSeed, seeds);
            points.Add(new FrontierPoint(setting ?? 0, summary.Mean("abandonRate"), summary.Mean("talkFraction")));

            // The first setting past the cap closes the crossing; bolder ones only abandon more.
            if (points[^1].AbandonRate > cap)
            {
                break;
            }
        }

        return new PacingFrontier(policy.Name, seeds, cap, points, Crossing(points, cap));
    }

    private static double? Crossing(List<FrontierPoint> points, double cap)
    {
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (low, high) = (points[i], points[i + 1]);
            if (low.AbandonRate <= cap && high.AbandonRate > cap)
            {
                var share = (cap - low.AbandonRate) / (high.AbandonRate - low.AbandonRate);
                return low.TalkFraction + (share * (high.TalkFraction - low.TalkFraction));
            }
        }

        return null;
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("policy", Policy);
            json.WriteNumber("seeds", Seeds);
            json.WriteNumber("cap", Cap);
            if (TalkFractionAtCap is { } talk)
            {
                json.WriteNumber("talkFractionAtCap", Math.Round(talk, 6));
            }
            else
            {
                json.WriteNull("talkFractionAtCap");
            }

            json.WriteStartArray("points");
            foreach (var point in Points)
            {
                json.WriteStartObject();
                json.WriteNumber("aggressiveness", Math.Round(point.Aggressiveness, 6));
                json.WriteNumber("abandonRate", Math.Round(point.AbandonRate, 6));
                json.WriteNumber("talkFraction", Math.Round(point.TalkFraction, 6));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Policy}: aggressiveness → abandon rate, talk fraction (mean of {Seeds} seeds)\n");
        foreach (var point in Points)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {point.Aggressiveness,8:0.###}  {point.AbandonRate,8:P2}  {point.TalkFraction,8:P1}\n");
        }

        text.Append(TalkFractionAtCap is { } talk
            ? string.Create(CultureInfo.InvariantCulture, $"Talk fraction at {Cap:P0} abandon: {talk:P2}\n")
            : string.Create(CultureInfo.InvariantCulture, $"The abandon rate never crosses {Cap:P0} in the sweep (best talk fraction {Points.Max(p => p.TalkFraction):P2}).\n"));
        return text.ToString();
    }
}
