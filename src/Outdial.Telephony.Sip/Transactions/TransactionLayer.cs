using System.Globalization;
using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Transactions;

/// <summary>What the transaction layer hands to the transaction user (the dialogs and calls above).</summary>
internal interface ITransactionUser
{
    /// <summary>A new request (not ACK, not CANCEL) in its own server transaction, to be answered through it.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK that belongs to no transaction: the ACK of a 2xx (§17.2.3).</summary>
    void OnAck(SipRequest ack, SipEndPoint source);

    /// <summary>A response no client transaction matches, e.g. a 2xx retransmitted after Timer M.</summary>
    void OnStrayResponse(SipResponse response, SipEndPoint source);
}

/// <summary>How transactions reach the transport, the clock and the table they live in.</summary>
internal sealed class TransactionContext(ISipTransport transport, TimeProvider clock, TransactionTimers timers, Lock gate, TransactionLayer layer)
{
    public ISipTransport Transport { get; } = transport;

    public TransactionTimers Timers { get; } = timers;

    public TransactionTimer Timer(Action fired) => new(clock, gate, fired);

    public void Remove(ClientTransaction transaction) => layer.Remove(transaction);

    public void Remove(ServerTransaction transaction) => layer.Remove(transaction);
}

internal static class TransactionKeys
{
    /// <summary>§17.1.3: branch and CSeq method (an ACK's is INVITE's).</summary>
    public static string Client(string? branch, string method) => $"{branch}|{(method == SipMethods.Ack ? SipMethods.Invite : method)}";

    /// <summary>§17.2.3: branch, sent-by and method (ACK matches its INVITE); Call-ID and CSeq without an RFC 3261 branch.</summary>
    public static string Server(SipRequest request)
    {
        var via = request.TopVia;
        var method = request.Method is SipMethods.Ack ? SipMethods.Invite : request.Method;
        var branch = via.Branch is { } value && value.StartsWith(SipVia.MagicCookie, StringComparison.Ordinal)
            ? value
            : $"{request.CallId}/{request.CSeq.Number.ToString(CultureInfo.InvariantCulture)}/{request.From.Tag}";
        return $"{branch}|{via.Host}:{via.Port}|{method}";
    }
}

/// <summary>
/// The transaction layer (RFC 3261 §17): matches messages from the transport to client and server
/// transactions, creates server transactions for new requests and answers CANCEL. Everything runs
/// under <see cref="Gate"/>, the one lock of the user agent, taken here for messages and timers.
/// </summary>
internal sealed class TransactionLayer : ISipTransportUser
{
    private readonly Dictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly TransactionContext _context;
    private readonly ISipTransport _transport;
    private ITransactionUser? _user;

    private readonly System.Net.IPEndPoint? _advertised;

    /// <param name="advertised">The address put into our Vias; the transport's bound one when null.</param>
    public TransactionLayer(ISipTransport transport, TimeProvider clock, TransactionTimers timers, Lock gate, System.Net.IPEndPoint? advertised = null)
    {
        _transport = transport;
        _advertised = advertised;
        Gate = gate;
        Timers = timers;
        _context = new TransactionContext(transport, clock, timers, gate, this);
    }

    public Lock Gate { get; }

    public TransactionTimers Timers { get; }

    public int ClientCount => _clients.Count;

    public int ServerCount => _servers.Count;

    public void Attach(ITransactionUser user) => _user = user;

    /// <summary>A Via for a new request from us: our address, a fresh branch, rport asked for (RFC 3581).</summary>
    public SipVia NewVia(SipTransportKind transport)
    {
        var local = _advertised ?? _transport.LocalEndPoint;
        var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        return new SipVia(transport == SipTransportKind.Tcp ? "TCP" : "UDP", host, local.Port,
            [new SipParameter("branch", SipIds.NewBranch()), new SipParameter("rport", null)]);
    }

    /// <summary>Starts a client transaction for <paramref name="request"/> (its top Via must carry a fresh branch).</summary>
    public ClientTransaction Send(SipRequest request, SipEndPoint destination, IClientTransactionOwner owner)
    {
        lock (Gate)
        {
            ClientTransaction transaction = request.Method == SipMethods.Invite
                ? new InviteClientTransaction(_context, request, destination, owner)
                : new NonInviteClientTransaction(_context, request, destination, owner);
            _clients[transaction.Key] = transaction;
            transaction.Start();
            return transaction;
        }
    }

    /// <summary>Sends outside any transaction: the ACK of a 2xx, which the dialog owns (§13.2.2.4).</summary>
    public void SendStateless(SipMessage message, SipEndPoint destination) => _transport.Send(message, destination);

    public void OnMessage(SipMessage message, SipEndPoint source)
    {
        lock (Gate)
        {
            if (message is SipResponse response)
            {
                OnResponse(response, source);
            }
            else
            {
                OnRequest((SipRequest)message, source);
            }
        }
    }

    private void OnResponse(SipResponse response, SipEndPoint source)
    {
        if (_clients.TryGetValue(TransactionKeys.Client(response.TopVia.Branch, response.CSeq.Method), out var transaction))
        {
            transaction.OnResponse(response);
        }
        else
        {
            _user?.OnStrayResponse(response, source);
        }
    }

    private void OnRequest(SipRequest request, SipEndPoint source)
    {
        var key = TransactionKeys.Server(request);
        if (request.Method == SipMethods.Ack)
        {
            if (!_servers.TryGetValue(key, out var invite) || invite is not InviteServerTransaction inviteTransaction || inviteTransaction.OnAck())
            {
                _user?.OnAck(request, source);
            }

            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }

        if (request.Method == SipMethods.Invite)
        {
            var invite = new InviteServerTransaction(_context, request, source);
            _servers[key] = invite;
            invite.SendTrying();
            _user?.OnRequest(invite);
            return;
        }

        var transaction = new NonInviteServerTransaction(_context, request, source);
        _servers[key] = transaction;
        if (request.Method == SipMethods.Cancel)
        {
            OnCancel(transaction);
            return;
        }

        _user?.OnRequest(transaction);
    }

    /// <summary>§9.2: a CANCEL matching a pending INVITE gets 200 and the INVITE 487; otherwise 481.</summary>
    private void OnCancel(NonInviteServerTransaction cancel)
    {
        var inviteKey = TransactionKeys.Server(new SipRequest
        {
            Method = SipMethods.Invite,
            RequestUri = cancel.Request.RequestUri,
            Vias = cancel.Request.Vias,
            From = cancel.Request.From,
            To = cancel.Request.To,
            CallId = cancel.Request.CallId,
            CSeq = cancel.Request.CSeq with { Method = SipMethods.Invite },
        });
        if (_servers.TryGetValue(inviteKey, out var invite) && invite.State == TransactionState.Proceeding)
        {
            cancel.Respond(SipResponse.For(cancel.Request, 200, "OK"));
            invite.Respond(SipResponse.For(invite.Request, 487, "Request Terminated", SipIds.NewTag()));
            return;
        }

        cancel.Respond(SipResponse.For(cancel.Request, 481, "Call/Transaction Does Not Exist"));
    }

    public void OnTransportError(SipEndPoint remote)
    {
        lock (Gate)
        {
            foreach (var transaction in _clients.Values.Where(transaction => transaction.Destination == remote).ToList())
            {
                transaction.OnTransportError();
            }
        }
    }

    internal void Remove(ClientTransaction transaction)
    {
        if (_clients.TryGetValue(transaction.Key, out var current) && ReferenceEquals(current, transaction))
        {
            _clients.Remove(transaction.Key);
        }
    }

    internal void Remove(ServerTransaction transaction)
    {
        if (_servers.TryGetValue(transaction.Key, out var current) && ReferenceEquals(current, transaction))
        {
            _servers.Remove(transaction.Key);
        }
    }
}
