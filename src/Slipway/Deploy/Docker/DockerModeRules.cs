using Slipway.Catalog;

namespace Slipway.Deploy.Docker;

/// <summary>Mode docker: at least one host, unique host names, unix:// or tcp:// endpoints, TLS for remote tcp.</summary>
internal static class DockerModeRules
{
    public static IEnumerable<CatalogProblem> Check(string environment, DockerModeSpec? docker)
    {
        if (docker is null || docker.Hosts.Count == 0)
        {
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "docker", "hosts"),
                "mode 'docker' requires at least one docker host",
                "add \"docker\": { \"hosts\": [ { \"name\": ..., \"endpoint\": \"unix:///var/run/docker.sock\" } ] }");
            yield break;
        }
        var seen = new HashSet<string>();
        var endpoints = new HashSet<string>();
        for (var i = 0; i < docker.Hosts.Count; i++)
        {
            var host = docker.Hosts[i];
            if (!seen.Add(host.Name))
                yield return new CatalogProblem(CatalogPath.Of("environments", environment, "docker", "hosts", i, "name"),
                    $"duplicate docker host name '{host.Name}'", "give every host of the environment a unique name");
            // One engine holds one container per service and environment: a second entry would replace the first's.
            if (!endpoints.Add(host.Endpoint))
                yield return new CatalogProblem(CatalogPath.Of("environments", environment, "docker", "hosts", i, "endpoint"),
                    $"docker endpoint '{host.Endpoint}' is listed twice in this environment; both entries would share one container",
                    "list every engine once (a second engine on the same machine needs its own socket or port)");
            var problem = EndpointProblem(host);
            if (problem is not null)
                yield return new CatalogProblem(CatalogPath.Of("environments", environment, "docker", "hosts", i, "endpoint"), problem.Value.Problem, problem.Value.Fix);
        }
    }

    private static (string Problem, string Fix)? EndpointProblem(DockerHostSpec host)
    {
        if (host.Endpoint.StartsWith("unix:///", StringComparison.Ordinal)) return null;
        if (!host.Endpoint.StartsWith("tcp://", StringComparison.Ordinal) || !Uri.TryCreate(host.Endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return ($"invalid docker endpoint '{host.Endpoint}'", "use unix:///var/run/docker.sock or tcp://host:port");
        if (host.Tls is null && !LoopbackHost.Is(uri.Host))
            return ($"tcp endpoint '{host.Endpoint}' to a remote host has no tls; the docker API must not travel in clear text",
                "add \"tls\": { \"caFile\": ..., \"certFile\": ..., \"keyFile\": ... } to the host");
        return null;
    }
}
