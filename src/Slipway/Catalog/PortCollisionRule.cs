namespace Slipway.Catalog;

/// <summary>
/// Services that share a host network (docker and static-pod as shipped) must not use the same port there. Each mode keys its
/// hosts (docker endpoint, node name) so environments sharing a machine (local, local-staging) are checked together; a host's
/// port offset shifts every service on it.
/// </summary>
internal static class PortCollisionRule
{
    private sealed record Placement(string Service, string Environment, int Port, string PortPath);

    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        var byHost = new Dictionary<string, List<Placement>>();
        foreach (var (environment, spec) in catalog.Environments)
        foreach (var (host, offset) in catalog.FindMode(spec.Mode)?.SharedHostNetworks(spec) ?? [])
        foreach (var service in catalog.ServicesEnabledIn(environment))
        {
            var placements = byHost.TryGetValue(host, out var list) ? list : byHost[host] = [];
            var placement = PlacementOf(catalog, service, environment);
            placements.Add(placement with { Port = placement.Port + offset });
        }

        var reported = new HashSet<(string, string, string, string)>();
        foreach (var placements in byHost.Values)
        foreach (var group in placements.GroupBy(p => p.Port).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                if (!reported.Add((first.Service, first.Environment, other.Service, other.Environment))) continue;
                var where = first.Environment == other.Environment
                    ? $"in environment '{other.Environment}'"
                    : $"on a host shared by environments '{first.Environment}' and '{other.Environment}'";
                yield return new CatalogProblem(other.PortPath,
                    $"port {other.Port} is used by both '{first.Service}' and '{other.Service}' {where} (host network)",
                    $"give '{other.Service}' a different port (services.{other.Service}.port or services.{other.Service}.environments.{other.Environment}.port)");
            }
        }
    }

    private static Placement PlacementOf(Catalog catalog, string service, string environment)
    {
        var spec = catalog.Services[service];
        if (spec.Environments.TryGetValue(environment, out var overrides) && overrides.Port is { } envPort)
            return new(service, environment, envPort, CatalogPath.Of("services", service, "environments", environment, "port"));
        if (spec.Port is { } servicePort)
            return new(service, environment, servicePort, CatalogPath.Of("services", service, "port"));
        return new(service, environment, catalog.Defaults.Port, CatalogPath.Of("defaults", "port"));
    }
}
