using Slipway.Diagnostics;

namespace Slipway.Catalog;

/// <summary>Derives registry host names and image repositories from registry specs.</summary>
public static class RegistryAddress
{
    /// <summary>The <c>host[:port]</c> of a registry URL: the URL without scheme and trailing slash (e.g. <c>127.0.0.1:5055</c>).</summary>
    public static string HostOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw SlipwayException.Input($"registry url '{url}'", "is not an http(s):// URL", "use http(s)://host[:port]");
        return uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
    }

    /// <summary>The repository an image of <paramref name="service"/> is pushed to: <c>&lt;host[:port]&gt;/&lt;namespace&gt;/&lt;service&gt;</c>.</summary>
    public static string ImageRepository(RegistrySpec registry, string service) =>
        $"{HostOf(registry.Url)}/{registry.Namespace.Trim('/')}/{service}";
}
