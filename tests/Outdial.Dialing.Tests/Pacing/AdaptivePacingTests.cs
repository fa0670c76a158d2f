using System.Globalization;
using CsCheck;
using Outdial.Dialing.Pacing;
using Outdial.Dialing.Simulation;

namespace Outdial.Dialing.Tests.Pacing;

public sealed class AdaptivePacingTests
{
    private static readonly DateTimeOffset Start = PacingSimulator.ShiftStart;

    // One step of a campaign's life as the policy sees it: an observation, or a decision on a snapshot.
    private readonly record struct Step(int Kind, int Call, int Operator, int Seconds, int LoggedIn, int Free, int Dialling, int Waiting, int Channels);

    private static readonly Gen<Step[]> Lives = Gen.Select(
            Gen.Int[0, 12], Gen.Int[0, 60], Gen.Int[1, 12], Gen.Int[0, 40],
            Gen.Select(Gen.Int[0, 12], Gen.Int[0, 12], Gen.Int[0, 80], Gen.Int[0, 4], Gen.Int[0, 120]))
        .Select((kind, call, op, tenths, counts) =>
        {
            var (loggedIn, free, dialling, waiting, channels) = counts;
            return new Step(kind, call, op, tenths, loggedIn, Math.Min(free, loggedIn), dialling, waiting, channels);
        })
        .Array[1, 300];

    /// <summary>Plays the steps; kinds 0–9 are observations, 10–12 decisions whose answers <paramref name="check"/> sees.</summary>
    private static void Play(AdaptivePacing policy, Step[] steps, Action<PacingSnapshot, int, bool> check, bool liveAnswers = true)
    {
        var now = Start;
        var answered = false;
        foreach (var step in steps)
        {
            now = now.AddSeconds(step.Seconds / 10.0);
            var call = new CallId(step.Call);
            var op = new OperatorId(step.Operator);
            if (step.Kind < 10)
            {
                var kind = (PacingObservationKind)step.Kind;
                if (kind == PacingObservationKind.AnsweredLive && !liveAnswers)
                {
                    kind = PacingObservationKind.Failed;
                }

                answered |= kind == PacingObservationKind.AnsweredLive;
                policy.Observe(new PacingObservation(kind, now, call, op));
                continue;
            }

            var snapshot = new PacingSnapshot(now, step.LoggedIn, step.Free, step.Dialling, step.Waiting, Talking: 0, WrapUp: 0, new PickupRate(0.3))
            {
                ChannelLimit = step.Kind == 12 ? step.Channels : null,
            };
            check(snapshot, policy.CallsToStart(snapshot), answered);
        }
    }

    [Fact]
    public void Never_more_calls_ringing_per_operator_than_the_maximum_nor_more_calls_than_channels() =>
        Lives.Sample(
            steps => Play(new AdaptivePacing(), steps, (snapshot, calls, _) =>
            {
                Assert.True(snapshot.Dialling + calls <= 3 * snapshot.LoggedIn || calls <= 0, $"{calls} more calls with {snapshot.Dialling} ringing for {snapshot.LoggedIn} operators");
                if (snapshot.ChannelLimit is { } channels)
                {
                    Assert.True(snapshot.CallsInProgress + calls <= channels || calls <= 0, $"{calls} more calls with {snapshot.CallsInProgress} in progress on {channels} channels");
                }
            }),
            iter: 300);

    [Fact]
    public void Never_dials_when_no_operator_is_logged_in() =>
        Lives.Sample(
            steps => Play(new AdaptivePacing(), steps, (snapshot, calls, _) =>
            {
                if (snapshot.LoggedIn == 0)
                {
                    Assert.True(calls <= 0, $"{calls} calls with nobody logged in");
                }
            }),
            iter: 300);

    [Fact]
    public void Dials_no_more_than_progressive_until_a_person_has_answered() =>
        Lives.Sample(
            steps => Play(
                new AdaptivePacing(),
                steps,
                (snapshot, calls, answered) =>
                {
                    Assert.False(answered);
                    var progressive = snapshot.Free - snapshot.Dialling - snapshot.WaitingForOperator;
                    Assert.True(calls <= Math.Max(progressive, 0), $"{calls} calls where progressive places {progressive}");
                },
                liveAnswers: false),
            iter: 300);

    [Fact]
    public void Dials_ahead_for_an_operator_about_to_finish_wrap_up_but_not_for_one_who_just_started()
    {
        var policy = Trained(out _);

        // Everyone talks, except operator 1, whose 25 s wrap-up began `elapsed` seconds ago.
        int CallsWith(double elapsed)
        {
            var copy = Trained(out var at);
            copy.Observe(new PacingObservation(PacingObservationKind.Connected, at, new CallId(900_000), new OperatorId(1)));
            copy.Observe(new PacingObservation(PacingObservationKind.CallEnded, at.AddSeconds(100), new CallId(900_000), new OperatorId(1)));
            var decisionAt = at.AddSeconds(100 + elapsed);
            return copy.CallsToStart(new PacingSnapshot(decisionAt, LoggedIn: 10, Free: 0, Dialling: 0, WaitingForOperator: 0, Talking: 9, WrapUp: 1, new PickupRate(0.3)));
        }

        Assert.True(CallsWith(22) > 0, "nothing placed 3 s before an operator is free");
        Assert.Equal(0, CallsWith(1));
        Assert.True(policy.EstimatedPickupRate is > 0.25 and < 0.35, $"estimated pickup {policy.EstimatedPickupRate}");
    }

    /// <summary>
    /// A policy that has seen 600 dials (30 % answered by a person after 8–16 s, the rest failing
    /// at 20 s) and 60 calls of 100 s talk and 25 s wrap-up, by 10 operators; nothing is in progress.
    /// </summary>
    private static AdaptivePacing Trained(out DateTimeOffset now)
    {
        var policy = new AdaptivePacing();
        now = Start;
        policy.CallsToStart(new PacingSnapshot(now, 10, 10, 0, 0, 0, 0, new PickupRate(0.3)));
        for (var i = 0; i < 600; i++)
        {
            var call = new CallId(i);
            policy.Observe(new PacingObservation(PacingObservationKind.Dialled, now, call));
            var live = i % 10 < 3;
            var after = live ? 8 + (i % 9) : 20;
            policy.Observe(new PacingObservation(live ? PacingObservationKind.AnsweredLive : PacingObservationKind.Failed, now.AddSeconds(after), call));
            if (live)
            {
                policy.Observe(new PacingObservation(PacingObservationKind.Connected, now.AddSeconds(after), call, new OperatorId(1 + (i % 10))));
            }

            now = now.AddSeconds(1);
        }

        for (var i = 0; i < 60; i++)
        {
            var op = new OperatorId(1 + (i % 10));
            var call = new CallId(10_000 + i);
            policy.Observe(new PacingObservation(PacingObservationKind.Connected, now, call, op));
            policy.Observe(new PacingObservation(PacingObservationKind.CallEnded, now.AddSeconds(100), call, op));
            policy.Observe(new PacingObservation(PacingObservationKind.OperatorFree, now.AddSeconds(125), default, op));
            now = now.AddSeconds(10);
        }

        now = now.AddSeconds(200);
        return policy;
    }

    [Fact]
    public void Stops_dialling_ahead_while_the_abandon_rate_is_at_the_cap()
    {
        var policy = Trained(out var now);
        var snapshot = new PacingSnapshot(now, LoggedIn: 10, Free: 5, Dialling: 0, WaitingForOperator: 0, Talking: 5, WrapUp: 0, new PickupRate(0.3));
        Assert.True(policy.CallsToStart(snapshot) > 5, "a trained policy dials ahead of five free operators");

        // 180 live answers have been seen; 6 more abandoned calls put the day at 3.3 %.
        for (var i = 0; i < 6; i++)
        {
            var call = new CallId(50_000 + i);
            policy.Observe(new PacingObservation(PacingObservationKind.Dialled, now, call));
            policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, now, call));
            policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, now, call));
        }

        Assert.True(policy.Ledger.AbandonRate24h(now) > 0.03, $"abandon rate {policy.Ledger.AbandonRate24h(now)}");
        Assert.Equal(5, policy.CallsToStart(snapshot));
    }

    [Fact]
    public void A_lower_abandon_cap_holds_from_the_next_decision_and_keeps_what_was_learned()
    {
        var policy = Trained(out var now);
        var snapshot = new PacingSnapshot(now, LoggedIn: 10, Free: 5, Dialling: 0, WaitingForOperator: 0, Talking: 5, WrapUp: 0, new PickupRate(0.3));

        // 2 of 182 live answers abandoned: 1.1 %, under the 3 % cap but over a 1 % one.
        for (var i = 0; i < 2; i++)
        {
            var call = new CallId(50_000 + i);
            policy.Observe(new PacingObservation(PacingObservationKind.Dialled, now, call));
            policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, now, call));
            policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, now, call));
        }

        Assert.True(policy.CallsToStart(snapshot) > 5, "a trained policy under its cap dials ahead of five free operators");
        var (threshold, pickup) = (policy.Threshold, policy.EstimatedPickupRate);

        policy.ChangeAbandonCap(0.01);

        Assert.Equal(5, policy.CallsToStart(snapshot));
        Assert.Equal(threshold / 3, policy.Threshold, 1e-12);
        Assert.Equal(pickup, policy.EstimatedPickupRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.ChangeAbandonCap(0));
        Assert.Equal(0.01, policy.Options.AbandonCap);
    }

    // Hard shifts: the configured rate wrong by two, the real one doubling or halving, talk times collapsing.
    [Theory]
    [InlineData(5, 0.2, 0.4, 60, null, null)]
    [InlineData(5, 0.3, 0.15, 180, null, null)]
    [InlineData(20, 0.2, 0.2, 180, 0.4, null)]
    [InlineData(20, 0.4, 0.4, 180, 0.2, null)]
    [InlineData(20, 0.3, 0.15, 360, null, 60)]
    [InlineData(100, 0.2, 0.4, 60, 0.4, null)]
    public void Keeps_every_shift_under_the_three_percent_cap(int operators, double pickup, double configured, int talk, double? pickupLater, int? talkLater)
    {
        string Lognormal(double mean) => string.Create(CultureInfo.InvariantCulture, $"{{ \"dist\": \"lognormal\", \"mean\": {mean}, \"sd\": {mean * 2 / 3} }}");
        var changes = new List<string>();
        if (pickupLater is { } newPickup)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"\"pickupRate\": {newPickup}"));
        }

        if (talkLater is { } newTalk)
        {
            changes.Add($"\"talkSeconds\": {Lognormal(newTalk)}");
        }

        var later = changes.Count == 0 ? "" : $", \"changes\": [ {{ \"atMinute\": 120, {string.Join(", ", changes)} }} ]";
        var scenario = Scenario.Parse(string.Create(CultureInfo.InvariantCulture, $$"""
            { "operators": {{operators}}, "hours": 4, "pickupRate": {{pickup}}, "configuredPickupRate": {{configured}},
              "talkSeconds": {{Lognormal(talk)}}{{later}} }
            """));

        for (var seed = 1; seed <= 3; seed++)
        {
            var adaptive = PacingSimulator.Run(scenario, SimulationPolicy.Parse("adaptive"), seed);
            var progressive = PacingSimulator.Run(scenario, SimulationPolicy.Parse("progressive"), seed);

            Assert.True(adaptive.MaxAbandonRate24h <= 0.03, $"seed {seed}: abandon {adaptive.MaxAbandonRate24h:P2}");
            Assert.True(adaptive.TalkFraction > progressive.TalkFraction, $"seed {seed}: talk {adaptive.TalkFraction:P1}, progressive {progressive.TalkFraction:P1}");
        }
    }

    [Fact]
    public void Ledger_forgets_answers_and_abandons_older_than_its_windows()
    {
        var ledger = new AbandonLedger();
        for (var i = 0; i < 100; i++)
        {
            ledger.LiveAnswer(Start.AddMinutes(i));
        }

        ledger.Abandoned(Start.AddMinutes(30));
        Assert.Equal(0.01, ledger.AbandonRate24h(Start.AddHours(2)), precision: 9);
        Assert.Equal(100 * 0.03 - 1, ledger.Allowance(Start.AddHours(2), 0.03), precision: 9);

        // A day and two hours later the day's window is empty; the month's still holds them.
        var later = Start.AddHours(26);
        Assert.Equal((0, 0), ledger.Last24Hours(later));
        Assert.Equal((100, 1), ledger.Last30Days(later));
        Assert.Equal(0, ledger.Allowance(later, 0.03), precision: 9);
        Assert.Equal((0, 0), ledger.Last30Days(Start.AddDays(31)));
    }

    [Fact]
    public void Histogram_answers_for_calls_still_ringing_and_forgets_old_samples()
    {
        var ring = new DurationHistogram(60, memory: 1000);
        for (var i = 0; i < 10; i++)
        {
            ring.Add(5, marked: true);
            ring.Add(20, marked: false);
        }

        ring.Refresh();
        Assert.Equal(0.5, ring.MarkedShare, precision: 2);
        var curve = new double[31];
        ring.MarkedCurve(0, curve);
        Assert.Equal(0, curve[4], precision: 9);
        Assert.Equal(0.5, curve[10], precision: 2);

        // Ringing for 7 s: the answers at 5 s are behind it, only failures remain, all by 20 s.
        ring.MarkedCurve(7, curve);
        Assert.All(curve, share => Assert.Equal(0, share, precision: 9));
        ring.EndedCurve(7, offset: 0, curve);
        Assert.Equal(0, curve[12], precision: 9);
        Assert.Equal(1, curve[30], precision: 9);

        var forgetting = new DurationHistogram(60, memory: 10);
        for (var i = 0; i < 100; i++)
        {
            forgetting.Add(5, marked: true);
        }

        for (var i = 0; i < 100; i++)
        {
            forgetting.Add(20, marked: false);
        }

        Assert.True(forgetting.MarkedShare < 0.01, $"marked share {forgetting.MarkedShare}");
        Assert.InRange(forgetting.EffectiveSamples, 8.5, 10);
    }

    [Fact]
    public void Normal_cdf_matches_known_values()
    {
        Assert.Equal(0.5, AdaptivePacing.NormalCdf(0), precision: 6);
        Assert.Equal(0.841345, AdaptivePacing.NormalCdf(1), precision: 5);
        Assert.Equal(0.022750, AdaptivePacing.NormalCdf(-2), precision: 5);
        Assert.Equal(0.998650, AdaptivePacing.NormalCdf(3), precision: 5);
    }

    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(true, 0, 0)]
    public void It_records_answers_and_abandons_only_in_a_ledger_of_its_own(bool hostKeepsTheLedger, long live, long abandoned)
    {
        var hosts = new AbandonLedger();
        var policy = new AdaptivePacing(ledger: hostKeepsTheLedger ? hosts : null);
        var call = new CallId(1);

        policy.Observe(new PacingObservation(PacingObservationKind.Dialled, Start, call));
        policy.Observe(new PacingObservation(PacingObservationKind.AnsweredLive, Start.AddSeconds(5), call));
        policy.Observe(new PacingObservation(PacingObservationKind.Abandoned, Start.AddSeconds(7), call));

        // The host records every answer and abandon itself, whatever the policy; its own ledger would count them twice.
        Assert.Same(hostKeepsTheLedger ? hosts : policy.Ledger, policy.Ledger);
        Assert.Equal((live, abandoned), policy.Ledger.Last24Hours(Start.AddSeconds(8)));
        Assert.Equal(1, policy.LiveAnswers);
    }
}
