using System.Net;
using System.Net.Sockets;

namespace Slipway.Tests.TestSupport;

/// <summary>A free TCP port on 127.0.0.1, from the kernel.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
