using System.Net;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>The address the trigger API binds, from <c>--bind</c>.</summary>
public static class BindAddress
{
    /// <summary>Parses <paramref name="bind"/>; warns when the address is reachable from the network.</summary>
    public static IPAddress Parse(string bind, IBuildLog log)
    {
        if (!IPAddress.TryParse(bind, out var address))
            throw SlipwayException.Input("--bind", $"'{bind}' is not an IP address", "give an address such as 127.0.0.1");
        if (!IPAddress.IsLoopback(address))
            log.Warn($"--bind {bind}: the trigger API is reachable from the network; anyone with the token can build and deploy");
        return address;
    }
}
