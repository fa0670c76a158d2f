using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Calls;

/// <summary>
/// Answers 401/407 digest challenges for one request: once per challenge. A second challenge fails
/// unless it says <c>stale=true</c> with a new nonce (once), so a wrong password never loops (RFC 8760).
/// </summary>
internal sealed class ChallengeResponder(SipCredentials? credentials)
{
    private string? _lastNonce;
    private int _answers;

    /// <summary>The header to add to the next request (name, value), or null when the challenge must fail the request.</summary>
    public SipHeader? Answer(SipResponse challenge, string method, SipUri requestUri)
    {
        if (credentials is null)
        {
            return null;
        }

        var (challengeHeader, answerHeader) = challenge.StatusCode == 407
            ? (SipHeaderNames.ProxyAuthenticate, SipHeaderNames.ProxyAuthorization)
            : (SipHeaderNames.WwwAuthenticate, SipHeaderNames.Authorization);
        DigestChallenge? chosen = null;
        foreach (var line in challenge.HeaderLines(challengeHeader))
        {
            // Prefer SHA-256 when offered alongside MD5 (RFC 8760 §2.4).
            if (DigestChallenge.TryParse(line, out var candidate) && DigestAuthentication.Supports(candidate.Algorithm)
                && (chosen is null || candidate.Algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase)))
            {
                chosen = candidate;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var retryAllowed = _answers == 0 || (_answers == 1 && chosen.Stale && chosen.Nonce != _lastNonce);
        if (!retryAllowed)
        {
            return null;
        }

        _answers++;
        _lastNonce = chosen.Nonce;
        var value = DigestAuthentication.Authorization(chosen, credentials.User, credentials.Password, method,
            requestUri.ToString(), SipIds.NewNonce());
        return new SipHeader(answerHeader, value);
    }

    /// <summary>A new request (a registration refresh) may be challenged afresh.</summary>
    public void Reset()
    {
        _answers = 0;
        _lastNonce = null;
    }
}
