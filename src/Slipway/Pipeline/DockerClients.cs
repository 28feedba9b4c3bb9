using Docker.DotNet;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Pipeline;

/// <summary>Opens Docker.DotNet clients for catalog endpoints (unix sockets, tcp, tcp with TLS).</summary>
public static class DockerClients
{
    public static IDockerClient Connect(string endpoint, DockerTlsSpec? tls)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "npipe"))
            throw SlipwayException.Input($"Docker endpoint '{endpoint}'", "not a unix://, tcp:// or npipe:// address",
                "use e.g. unix:///var/run/docker.sock or tcp://host:2376");
        if (tls is not null)
            throw SlipwayException.Input($"Docker endpoint '{endpoint}'", "TLS client certificates are not supported by this build yet",
                "reach the engine over SSH tunnel or a unix socket for now");
        return new DockerClientConfiguration(uri, defaultTimeout: TimeSpan.FromMinutes(10)).CreateClient();
    }
}
