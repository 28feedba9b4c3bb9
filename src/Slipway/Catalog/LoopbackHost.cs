using System.Net;

namespace Slipway.Catalog;

/// <summary>Recognises hosts that can only be this machine.</summary>
public static class LoopbackHost
{
    /// <summary>True for localhost, 127.0.0.0/8 and ::1 (with or without brackets).</summary>
    public static bool Is(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }
}
