namespace Outdial.Telephony.Sip.Calls;

/// <summary>docs/sip.md "Outcome mapping": a final error status to the telephony port's outcome.</summary>
internal static class SipOutcomes
{
    public static SipOutcome ForStatus(int status) => status switch
    {
        486 or 600 => SipOutcome.Busy,
        480 or 408 or 487 => SipOutcome.NoAnswer,
        603 => SipOutcome.Rejected,
        404 or 484 or 604 => SipOutcome.InvalidNumber,
        488 or 606 => SipOutcome.CodecMismatch,
        401 or 407 => SipOutcome.AuthFailed,
        _ => SipOutcome.NetworkError,
    };
}
