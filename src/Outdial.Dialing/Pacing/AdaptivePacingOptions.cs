namespace Outdial.Dialing.Pacing;

/// <summary>The knobs of <see cref="AdaptivePacing"/>, with the defaults docs/pacing.md explains.</summary>
public sealed record AdaptivePacingOptions
{
    /// <summary>The regulator's cap on abandoned calls ÷ live answers (tenant setting, 3 % by default).</summary>
    public double AbandonCap
    {
        get;
        init => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(AbandonCap), value, "The abandon cap is a share in (0, 1).");
    } = 0.03;

    /// <summary>The abandon rate the policy aims at, as a share of the cap: the margin absorbs bad luck.</summary>
    public double TargetShareOfCap
    {
        get;
        init => field = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(TargetShareOfCap), value, "A share in (0, 1].");
    } = 0.8;

    /// <summary>
    /// The share of the cap past which the policy stops dialling ahead (dials like progressive) until
    /// enough calls are answered again: the guard that keeps every 24-hour and 30-day window under the cap.
    /// </summary>
    public double GuardShareOfCap
    {
        get;
        init => field = value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(GuardShareOfCap), value, "A share in (0, 1].");
    } = 0.95;

    /// <summary>
    /// Abandoned calls the windows may still take (under the guard) below which the risk threshold is
    /// lowered in proportion, so that the policy slows down before the guard rather than hitting it.
    /// </summary>
    public double GuardRamp { get; init; } = 10;

    /// <summary>Never more calls ringing (placed and not yet answered) than this many per logged-in operator.</summary>
    public double MaxLinesPerOperator
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxLinesPerOperator), value, "At least one line per operator.");
    } = 3;

    /// <summary>Weight of the configured pickup rate, in dials, before any call is seen.</summary>
    public double PriorDials { get; init; } = 30;

    /// <summary>About how many recent dials the pickup-rate and answer-time estimates follow.</summary>
    public double DialMemory { get; init; } = 1500;

    /// <summary>About how many recent calls the talk and wrap-up time estimates follow.</summary>
    public double CallMemory { get; init; } = 400;

    /// <summary>Talk or wrap-up samples needed before the policy expects a busy operator to be free soon.</summary>
    public int MinimumSamples { get; init; } = 20;

    /// <summary>How much the abandon-risk threshold moves per answered call (a stochastic-approximation step).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Longest talk time the estimate distinguishes; longer calls count as this long.</summary>
    public TimeSpan LongestTalk { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The abandon rate aimed at.</summary>
    public double TargetAbandonRate => AbandonCap * TargetShareOfCap;
}
