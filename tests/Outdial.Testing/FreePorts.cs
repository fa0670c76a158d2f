using System.Net;
using System.Net.Sockets;

namespace Outdial.Testing;

/// <summary>Ports on 127.0.0.1 that are free right now (the machine is shared: never a fixed port).</summary>
public static class FreePorts
{
    /// <summary>A port free for both UDP and TCP.</summary>
    public static int UdpAndTcp()
    {
        for (var tries = 0; ; tries++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (tries < 20)
            {
            }
        }
    }

    /// <summary>An even UDP port with the next two free as well (RTP, RTCP, and the video port SIPp also binds).</summary>
    public static int RtpBase()
    {
        for (var tries = 0; tries < 200; tries++)
        {
            var candidate = Random.Shared.Next(20_000, 60_000) & ~1;
            var sockets = new List<Socket>();
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, candidate + i));
                }

                return candidate;
            }
            catch (SocketException)
            {
            }
            finally
            {
                sockets.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException("No free range of four UDP ports was found.");
    }
}
