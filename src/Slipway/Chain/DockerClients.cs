using Docker.DotNet;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Chain;

/// <summary>Opens Docker.DotNet clients for catalog endpoints (unix sockets, tcp, tcp with TLS client certificates).</summary>
public static class DockerClients
{
    /// <summary>This machine's engine socket.</summary>
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>A client for <paramref name="endpoint"/>; with <paramref name="tls"/>, over https with the client certificate.</summary>
    public static IDockerClient Connect(string endpoint, DockerTlsSpec? tls)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "npipe"))
            throw SlipwayException.Input($"Docker endpoint '{endpoint}'", "not a unix://, tcp:// or npipe:// address",
                "use e.g. unix:///var/run/docker.sock or tcp://host:2376");
        if (tls is null)
            return new DockerClientConfiguration(uri, defaultTimeout: TimeSpan.FromMinutes(10)).CreateClient();
        if (uri.Scheme != "tcp")
            throw SlipwayException.Input($"Docker endpoint '{endpoint}'", "tls is set but the endpoint is not tcp://",
                "remove \"tls\" for a socket endpoint, or use tcp://host:2376");
        // Docker.DotNet switches tcp:// to https:// when the credentials carry TLS.
        return new DockerClientConfiguration(uri, DockerTlsCredentials.Load(endpoint, tls), TimeSpan.FromMinutes(10)).CreateClient();
    }
}
