using System.Net;
using System.Net.Sockets;

namespace Slipway.TestSupport;

/// <summary>
/// Free TCP ports on 127.0.0.1 for servers a test starts later (Tomcat in a container, registries, sshd). They come from
/// below the kernel's ephemeral range (32768-60999 on Linux), and each is handed out once per process: a port the kernel
/// picked for "port 0" is free only until someone else's port-0 bind or outgoing connection takes it, which made a
/// container's Tomcat fail to bind while another test's server answered on its port.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly HashSet<int> Given = [];
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port no other caller in this process got, free when asked.</summary>
    public static int Next()
    {
        lock (Given)
        {
            for (var tries = 0; tries < Last - First; tries++)
            {
                var candidate = _next;
                _next = _next + 1 >= Last ? First : _next + 1;
                if (Take(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException($"no free port from {First} to {Last}");
    }

    /// <summary>A free port above <paramref name="port"/>, scanning upwards, never one handed out before.</summary>
    public static int Above(int port)
    {
        lock (Given)
        {
            for (var candidate = port + 1; candidate <= IPEndPoint.MaxPort; candidate++)
                if (Take(candidate)) return candidate;
        }
        throw new InvalidOperationException("no free port above " + port);
    }

    private static bool Take(int candidate)
    {
        if (Given.Contains(candidate) || !IsFree(candidate)) return false;
        Given.Add(candidate);
        return true;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }
}
