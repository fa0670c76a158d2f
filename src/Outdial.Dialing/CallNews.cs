namespace Outdial.Dialing;

internal enum CallNewsKind : byte
{
    Ringing,
    Answered,
    Failed,
    Ended,
}

/// <summary>
/// A call's progress as a value: what a <see cref="CallProgress"/> event says. The dialer reads
/// every progress event this way, and the simulator hands it over without making an event object
/// per call.
/// </summary>
/// <param name="By">Who answered, for <see cref="CallNewsKind.Answered"/>.</param>
/// <param name="Failure">Why the call failed, for <see cref="CallNewsKind.Failed"/>.</param>
internal readonly record struct CallNews(CallId Call, CallNewsKind Kind, AnsweredBy By = default, CallFailure Failure = default)
{
    public static CallNews Of(CallProgress progress) => progress switch
    {
        CallRinging => new(progress.Call, CallNewsKind.Ringing),
        CallAnswered answered => new(progress.Call, CallNewsKind.Answered, By: answered.By),
        CallFailed failed => new(progress.Call, CallNewsKind.Failed, Failure: failed.Reason),
        CallEnded => new(progress.Call, CallNewsKind.Ended),
        _ => throw new ArgumentException($"The dialer does not handle {progress.GetType().Name}.", nameof(progress)),
    };

    public CallProgress ToEvent() => Kind switch
    {
        CallNewsKind.Ringing => new CallRinging(Call),
        CallNewsKind.Answered => new CallAnswered(Call, By),
        CallNewsKind.Failed => new CallFailed(Call, Failure),
        CallNewsKind.Ended => new CallEnded(Call),
        _ => throw new InvalidOperationException($"No call progress is of kind {Kind}."),
    };
}
