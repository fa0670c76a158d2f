using System.Globalization;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transactions;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Calls;

/// <summary>
/// A REGISTER binding kept alive (RFC 3261 §10): refreshed at 80 % of the expiry the registrar
/// granted, retried after a failure, removed with Expires: 0 on disposal.
/// </summary>
internal sealed class Registration : IClientTransactionOwner
{
    /// <summary>How long to wait before trying again after a refused or unanswered REGISTER.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly UserAgentCore _core;
    private readonly SipUri _registrar;
    private readonly SipNameAddress _addressOfRecord;
    private readonly SipEndPoint _destination;
    private readonly TimeSpan _expires;
    private readonly ChallengeResponder _challenges;
    private readonly string _callId = SipIds.NewCallId();
    private readonly string _tag = SipIds.NewTag();
    private readonly ITimer _refresh;
    private uint _cseq;
    private ClientTransaction? _pending;
    private TaskCompletionSource? _unregistered;
    private bool _stopping;

    public Registration(UserAgentCore core, SipUri registrar, SipNameAddress addressOfRecord, SipEndPoint destination, SipCredentials? credentials, TimeSpan expires)
    {
        _core = core;
        _registrar = registrar;
        _addressOfRecord = addressOfRecord;
        _destination = destination;
        _expires = expires;
        _challenges = new ChallengeResponder(credentials);
        _refresh = core.Clock.CreateTimer(_ => OnRefreshDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRegistered { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The expiry the registrar granted last.</summary>
    public TimeSpan? Granted { get; private set; }

    public void Start()
    {
        _challenges.Reset();
        Send(_expires, authorization: null);
    }

    private void Send(TimeSpan expires, SipHeader? authorization)
    {
        _cseq++;
        var request = new SipRequest
        {
            Method = SipMethods.Register,
            RequestUri = _registrar,
            Vias = [_core.Transactions.NewVia(_destination.Transport)],
            MaxForwards = 70,
            From = _addressOfRecord.WithTag(_tag),
            To = _addressOfRecord,
            CallId = _callId,
            CSeq = new SipCSeq(_cseq, SipMethods.Register),
            Contacts = [_core.Contact(_destination.Transport)],
        };
        _core.AddCommonHeaders(request);
        request.Headers.Add(new SipHeader(SipHeaderNames.Expires, ((int)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        if (authorization is { } header)
        {
            request.Headers.Add(header);
        }

        _pending = _core.Transactions.Send(request, _destination, this);
    }

    public void OnResponse(ClientTransaction transaction, SipResponse response)
    {
        if (transaction != _pending || response.IsProvisional)
        {
            return;
        }

        var expires = ExpiresOf(transaction.Request);
        if (response.StatusCode is 401 or 407 && _challenges.Answer(response, SipMethods.Register, _registrar) is { } authorization)
        {
            Send(expires, authorization);
            return;
        }

        if (_stopping)
        {
            IsRegistered = false;
            _unregistered?.TrySetResult();
            return;
        }

        if (response.IsSuccess)
        {
            IsRegistered = true;
            LastError = null;
            Granted = GrantedExpiry(response) ?? _expires;
            _refresh.Change(Granted.Value * 0.8, Timeout.InfiniteTimeSpan);
            return;
        }

        Failed(response.StatusCode is 401 or 407
            ? $"{response.StatusCode} {response.Reason}: authentication failed"
            : $"{response.StatusCode} {response.Reason}");
    }

    public void OnTimeout(ClientTransaction transaction) => OnNoAnswer(transaction, "No response to REGISTER");

    public void OnTransportError(ClientTransaction transaction) => OnNoAnswer(transaction, "Transport error");

    private void OnNoAnswer(ClientTransaction transaction, string error)
    {
        if (transaction != _pending)
        {
            return;
        }

        if (_stopping)
        {
            _unregistered?.TrySetResult();
            return;
        }

        Failed(error);
    }

    private void Failed(string error)
    {
        IsRegistered = false;
        LastError = error;
        _refresh.Change(RetryAfterFailure, Timeout.InfiniteTimeSpan);
    }

    private void OnRefreshDue()
    {
        lock (_core.Gate)
        {
            if (!_stopping)
            {
                Start();
            }
        }
    }

    /// <summary>Our Contact's expires parameter in the 2xx, else its Expires header (§10.2.4).</summary>
    private TimeSpan? GrantedExpiry(SipResponse response)
    {
        var ours = _core.Contact(_destination.Transport).Uri;
        foreach (var contact in response.Contacts)
        {
            if (contact.Uri.Host == ours.Host && contact.Uri.Port == ours.Port
                && int.TryParse(contact.Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return int.TryParse(response.Header(SipHeaderNames.Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var header)
            ? TimeSpan.FromSeconds(header)
            : null;
    }

    private static TimeSpan ExpiresOf(SipRequest request) =>
        TimeSpan.FromSeconds(int.Parse(request.Header(SipHeaderNames.Expires) ?? "0", CultureInfo.InvariantCulture));

    /// <summary>Stops refreshing; when registered, removes the binding (Expires: 0) and waits for the answer.</summary>
    public Task Stop()
    {
        _stopping = true;
        _refresh.Dispose();
        if (!IsRegistered)
        {
            return Task.CompletedTask;
        }

        _unregistered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _challenges.Reset();
        Send(TimeSpan.Zero, authorization: null);
        return _unregistered.Task;
    }
}
