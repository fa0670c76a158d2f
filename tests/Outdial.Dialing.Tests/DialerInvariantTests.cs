using CsCheck;

namespace Outdial.Dialing.Tests;

/// <summary>The invariants of issue 7 over random, well-formed event sequences (see <see cref="RandomHost"/>).</summary>
public sealed class DialerInvariantTests
{
    // Around the 2026 daylight-saving changes in the US (8 March, 1 November) and Europe (29 March).
    private static readonly DateTimeOffset[] Starts =
    [
        new(2026, 3, 8, 5, 0, 0, TimeSpan.Zero),
        new(2026, 3, 28, 14, 0, 0, TimeSpan.Zero),
        new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero),
        new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero),
    ];

    private static readonly Gen<(DialingMode Mode, int CallingHours, DateTimeOffset Start, int MaxAttempts, int[] Script)> Runs =
        Gen.Select(
            Gen.Enum<DialingMode>(),
            Gen.Int[0, 2],
            Gen.Int[0, Starts.Length - 1].Select(i => Starts[i]),
            Gen.Int[1, 3],
            Gen.Int[0, 4000].Array[0, 250]);

    private static RandomHost Play((DialingMode Mode, int CallingHours, DateTimeOffset Start, int MaxAttempts, int[] Script) run)
    {
        var host = new RandomHost(run.Mode, run.CallingHours, run.Start, run.MaxAttempts);
        host.Run(run.Script);
        return host;
    }

    [Fact]
    public void No_random_event_sequence_breaks_an_invariant() =>
        Runs.Sample(
            run => Assert.Empty(Play(run).Violations),
            iter: 400,
            print: run => $"{run.Mode} hours={run.CallingHours} start={run.Start:O} max={run.MaxAttempts} script=[{string.Join(',', run.Script)}]");

    [Fact]
    public void The_same_events_give_the_same_commands() =>
        Runs.Sample(run => Assert.Equal(Play(run).Log, Play(run).Log), iter: 100);

    [Fact]
    public void Random_sequences_do_dial_so_the_invariants_are_exercised()
    {
        // Guards the generator: a host that never dials would pass every invariant vacuously.
        var dials = 0;
        Runs.Sample(run => { dials += Play(run).Dials; }, iter: 50, threads: 1);

        Assert.True(dials > 100, $"only {dials} dials in 50 random runs");
    }
}
