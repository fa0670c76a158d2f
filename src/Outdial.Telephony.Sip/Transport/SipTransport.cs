using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Transport;

/// <summary>What the transport hands up: whole, well-formed messages and the failure of a peer.</summary>
internal interface ISipTransportUser
{
    void OnMessage(SipMessage message, SipEndPoint source);

    /// <summary>A TCP connection could not be made or broke; requests to that peer fail (§17.1.4).</summary>
    void OnTransportError(SipEndPoint remote);
}

/// <summary>The layer below the transactions: sends messages to peers.</summary>
internal interface ISipTransport
{
    /// <summary>The bound address (UDP; TCP listens on the same port).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends without waiting; a failure shows as <see cref="ISipTransportUser.OnTransportError"/>.</summary>
    void Send(SipMessage message, SipEndPoint destination);
}

/// <summary>
/// One UDP socket and a TCP listener on the same address and port. Received bytes are parsed here;
/// requests get received/rport stamped on their top Via (§18.2.1, RFC 3581); malformed requests
/// with a readable Via are answered 400, everything else malformed is dropped and counted.
/// </summary>
internal sealed class SipTransport : ISipTransport, IAsyncDisposable
{
    private const int UdpReceiveBuffer = 4 * 1024 * 1024;
    private readonly Socket _udp;
    private readonly Socket? _listener;
    private readonly ConcurrentDictionary<IPEndPoint, TcpConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private ISipTransportUser? _user;
    private long _dropped;
    private long _faults;

    private SipTransport(Socket udp, Socket? listener)
    {
        _udp = udp;
        _listener = listener;
        LocalEndPoint = (IPEndPoint)udp.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Messages refused by the parser (answered 400 or not).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Exceptions thrown by the layers above while handling a message (a bug if ever above zero).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    public event Action<SipTrace>? Trace;

    /// <summary>Binds UDP (and TCP on the same port). Port 0 picks one that is free for both.</summary>
    public static SipTransport Bind(IPEndPoint listen, bool tcp)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                // Bursts of responses (hundreds of calls a second) overflow the default 208 KiB buffer on
                // Linux and lost datagrams cost 32 s timeouts; the kernel caps this at net.core.rmem_max.
                udp.ReceiveBufferSize = UdpReceiveBuffer;
                udp.Bind(listen);
                if (!tcp)
                {
                    return new SipTransport(udp, null);
                }

                var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    listener.Bind(udp.LocalEndPoint!);
                    listener.Listen(256);
                    return new SipTransport(udp, listener);
                }
                catch (SocketException) when (listen.Port == 0 && attempt < 20)
                {
                    listener.Dispose();
                    udp.Dispose();
                }
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }

    public void Start(ISipTransportUser user)
    {
        _user = user;
        _loops.Add(Task.Run(ReceiveUdpAsync));
        if (_listener is not null)
        {
            _loops.Add(Task.Run(AcceptAsync));
        }
    }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        var bytes = SipWriter.Write(message);
        SendBytes(bytes, destination);
    }

    private void SendBytes(byte[] bytes, SipEndPoint destination)
    {
        if (Trace is not null)
        {
            Emit(new SipTrace(true, destination.TransportName, destination.Address, Encoding.UTF8.GetString(bytes)));
        }

        if (destination.Transport == SipTransportKind.Udp)
        {
            try
            {
                _udp.SendTo(bytes, destination.Address);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                // UDP gives no delivery guarantee anyway; the transaction's timers see the loss.
            }

            return;
        }

        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var connection = _connections.GetOrAdd(destination.Address, remote =>
        {
            var created = new TcpConnection(this, remote, socket: null);

            // Never inline: a refused connect can fail synchronously, and its error must reach a
            // transaction that is registered by then, and remove a connection that is in the map.
            _ = Task.Run(created.ConnectAndReadAsync);
            return created;
        });
        connection.Send(bytes);
    }

    /// <summary>Raises <see cref="Trace"/>; a handler that throws must not break the exchange it observes.</summary>
    private void Emit(SipTrace trace)
    {
        try
        {
            Trace?.Invoke(trace);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _faults);
        }
    }

    private async Task ReceiveUdpAsync()
    {
        var buffer = new byte[SipParser.MaxMessageSize];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send, reported on the next receive.
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var source = new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)received.RemoteEndPoint);
            Deliver(buffer.AsSpan(0, received.ReceivedBytes), source, streamed: false);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var connection = new TcpConnection(this, (IPEndPoint)socket.RemoteEndPoint!, socket);
            _connections[connection.Remote] = connection;
            _ = connection.ReadAsync();
        }
    }

    private void Deliver(ReadOnlySpan<byte> bytes, SipEndPoint source, bool streamed)
    {
        if (Trace is not null)
        {
            Emit(new SipTrace(false, source.TransportName, source.Address, Encoding.UTF8.GetString(bytes)));
        }

        var result = SipParser.Parse(bytes, streamed);
        if (result.Message is not { } message)
        {
            Interlocked.Increment(ref _dropped);
            if (result.Failure is { ReadableVia: { } via } failure && BadRequestWriter.Write(failure, SipEndPoint.Stamp(via, source)) is { } answer)
            {
                SendBytes(answer, SipEndPoint.ForResponse(SipEndPoint.Stamp(via, source), source));
            }

            return;
        }

        if (message is SipRequest)
        {
            message.Vias[0] = SipEndPoint.Stamp(message.Vias[0], source);
        }

        try
        {
            _user?.OnMessage(message, source);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A fault above must not stop the receive loop; it is counted so tests can see it.
            Interlocked.Increment(ref _faults);
            System.Diagnostics.Debug.WriteLine(error);
        }
    }

    private void OnConnectionFailed(TcpConnection connection)
    {
        _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(connection.Remote, connection));
        if (!_stopping.IsCancellationRequested)
        {
            _user?.OnTransportError(new SipEndPoint(SipTransportKind.Tcp, connection.Remote));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _udp.Dispose();
        _listener?.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }

        try
        {
            await Task.WhenAll(_loops);
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    /// <summary>One TCP connection: Content-Length framing on reads, a queue until an outgoing connect completes.</summary>
    private sealed class TcpConnection(SipTransport transport, IPEndPoint remote, Socket? socket)
    {
        private readonly Lock _gate = new();
        private readonly Queue<byte[]> _pending = new();
        private Socket? _socket = socket;
        private bool _closed;

        public IPEndPoint Remote { get; } = remote;

        public void Send(byte[] bytes)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                if (_socket is null)
                {
                    _pending.Enqueue(bytes);
                    return;
                }

                try
                {
                    _socket.Send(bytes);
                }
                catch (Exception error) when (error is SocketException or ObjectDisposedException)
                {
                    _closed = true;
                }
            }
        }

        public async Task ConnectAndReadAsync()
        {
            var connecting = new Socket(Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await connecting.ConnectAsync(Remote, transport._stopping.Token);
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                connecting.Dispose();
                Close();
                transport.OnConnectionFailed(this);
                return;
            }

            lock (_gate)
            {
                _socket = connecting;
                while (_pending.TryDequeue(out var bytes) && !_closed)
                {
                    try
                    {
                        connecting.Send(bytes);
                    }
                    catch (SocketException)
                    {
                        _closed = true;
                    }
                }
            }

            await ReadAsync();
        }

        public async Task ReadAsync()
        {
            var buffer = new byte[SipParser.MaxMessageSize * 2];
            var filled = 0;
            var source = new SipEndPoint(SipTransportKind.Tcp, Remote);
            try
            {
                while (!_closed)
                {
                    var read = await _socket!.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, transport._stopping.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                    while (filled > 0)
                    {
                        var status = SipFraming.TryFrame(buffer.AsSpan(0, filled), out var skip, out var length);
                        if (status == SipFraming.Status.Invalid)
                        {
                            // A stream that cannot be framed cannot be resynchronised (§18.3): drop the connection.
                            Interlocked.Increment(ref transport._dropped);
                            filled = 0;
                            _closed = true;
                            break;
                        }

                        if (status == SipFraming.Status.Incomplete)
                        {
                            if (skip > 0)
                            {
                                buffer.AsSpan(skip, filled - skip).CopyTo(buffer);
                                filled -= skip;
                            }

                            break;
                        }

                        transport.Deliver(buffer.AsSpan(skip, length), source, streamed: true);
                        var consumed = skip + length;
                        buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                        filled -= consumed;
                    }
                }
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }

            Close();
            transport.OnConnectionFailed(this);
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                _socket?.Dispose();
            }
        }
    }
}
