using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Outdial.Dialing.Simulation;

/// <summary>The figures of one simulated shift: exactly the output fields of benchmarks.md §1.</summary>
/// <param name="AbandonRate">Abandoned ÷ live answers over the whole run (abandoned: the message was played, or the person hung up first).</param>
/// <param name="TalkFraction">Operator talk seconds ÷ operator logged-in seconds.</param>
/// <param name="Occupancy">(Talk + wrap-up) ÷ logged-in.</param>
public sealed record SimulationResult(
    string Policy,
    int Seed,
    long Dials,
    long LiveAnswers,
    long MachineAnswers,
    long Abandoned,
    double AbandonRate,
    double MaxAbandonRate24h,
    double TalkFraction,
    double Occupancy,
    double ContactsPerOperatorHour,
    double IdleWaitMeanSeconds,
    double IdleWaitP95Seconds)
{
    /// <summary>The named figures, in output order.</summary>
    public IEnumerable<(string Name, double Value)> Figures()
    {
        yield return ("dials", Dials);
        yield return ("liveAnswers", LiveAnswers);
        yield return ("machineAnswers", MachineAnswers);
        yield return ("abandoned", Abandoned);
        yield return ("abandonRate", AbandonRate);
        yield return ("maxAbandonRate24h", MaxAbandonRate24h);
        yield return ("talkFraction", TalkFraction);
        yield return ("occupancy", Occupancy);
        yield return ("contactsPerOperatorHour", ContactsPerOperatorHour);
        yield return ("idleWaitMeanSeconds", IdleWaitMeanSeconds);
        yield return ("idleWaitP95Seconds", IdleWaitP95Seconds);
    }

    /// <summary>One JSON object, fields in a fixed order, numbers rounded to 6 decimals: the same run prints the same bytes.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("policy", Policy);
            json.WriteNumber("seed", Seed);
            foreach (var (name, value) in Figures())
            {
                json.WriteNumber(name, Math.Round(value, 6));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public string ToText() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Policy,-12} seed {Seed,-6} talk {TalkFraction:P1}  abandon {AbandonRate:P2} (max 24 h {MaxAbandonRate24h:P2})  occupancy {Occupancy:P1}  dials {Dials}  live {LiveAnswers}  contacts/op-h {ContactsPerOperatorHour:F1}  idle mean {IdleWaitMeanSeconds:F1} s p95 {IdleWaitP95Seconds:F1} s");
}

/// <summary>Mean and 5th/95th percentiles of each figure over several seeds.</summary>
/// <param name="RunsOverCap">Runs with a 24-hour window over the 3 % abandon cap (an 8-hour shift is one window).</param>
public sealed record SeedSummary(string Policy, IReadOnlyList<int> Seeds, IReadOnlyList<(string Name, double Mean, double P5, double P95)> Figures, int RunsOverCap)
{
    public static SeedSummary Of(IReadOnlyList<SimulationResult> runs)
    {
        var names = runs[0].Figures().Select(f => f.Name).ToList();
        var figures = names.Select((name, i) =>
        {
            var values = runs.Select(r => r.Figures().ElementAt(i).Value).Order().ToArray();
            return (name, values.Average(), Percentile(values, 0.05), Percentile(values, 0.95));
        }).ToList();
        return new SeedSummary(runs[0].Policy, [.. runs.Select(r => r.Seed)], figures, runs.Count(r => r.MaxAbandonRate24h > PacingFrontier.DefaultCap));
    }

    public double Mean(string name) => Figures.Single(f => f.Name == name).Mean;

    /// <summary>
    /// <see cref="Percentile"/> of values in any order, which it reorders: it finds the two ranks it
    /// needs by selection, in linear time, instead of sorting them all (a shift of 100 operators has
    /// tens of thousands of idle waits, and sorting them showed in the simulator's time).
    /// </summary>
    public static double PercentileOfUnsorted(Span<double> values, double p)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var rank = p * (values.Length - 1);
        var low = (int)Math.Floor(rank);
        var lowValue = Select(values, low);

        // Selection leaves every value after position low at least as large: the next rank is their least.
        var highValue = low + 1 < values.Length ? Min(values[(low + 1)..]) : lowValue;
        return lowValue + ((rank - low) * (highValue - lowValue));
    }

    /// <summary>The value of rank <paramref name="k"/> (0-based); reorders <paramref name="values"/> around it.</summary>
    private static double Select(Span<double> values, int k)
    {
        var (left, right) = (0, values.Length - 1);
        while (left < right)
        {
            // Hoare's partition around the middle value of the range.
            var pivot = values[left + ((right - left) / 2)];
            var (i, j) = (left, right);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double Min(Span<double> values)
    {
        var min = values[0];
        foreach (var value in values)
        {
            min = Math.Min(min, value);
        }

        return min;
    }

    /// <summary>Linear interpolation between closest ranks of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("policy", Policy);
            json.WriteNumber("seed", Seeds[0]);
            json.WriteNumber("seeds", Seeds.Count);
            foreach (var (name, mean, p5, p95) in Figures)
            {
                json.WriteStartObject(name);
                json.WriteNumber("mean", Math.Round(mean, 6));
                json.WriteNumber("p5", Math.Round(p5, 6));
                json.WriteNumber("p95", Math.Round(p95, 6));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Policy} over {Seeds.Count} seeds from {Seeds[0]} (mean [p5, p95]):\n");
        foreach (var (name, mean, p5, p95) in Figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name,-24} {mean,12:F4}  [{p5:F4}, {p95:F4}]\n");
        }

        return text.ToString();
    }
}
