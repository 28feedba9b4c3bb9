using System.Net;
using System.Net.Sockets;

namespace Slipway.TestSupport;

/// <summary>A free TCP port on 127.0.0.1, from the kernel.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port above <paramref name="port"/>, scanning upwards (the kernel's own choice may stay below it for many tries).
    /// </summary>
    public static int Above(int port)
    {
        for (var candidate = port + 1; candidate <= IPEndPoint.MaxPort; candidate++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, candidate);
                listener.Start();
                return candidate;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port above " + port);
    }
}
