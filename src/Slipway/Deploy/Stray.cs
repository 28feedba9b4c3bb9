namespace Slipway.Deploy;

/// <summary>
/// Something Slipway deployed that the catalog no longer wants: a container, a committed Pod manifest or a Deployment of a
/// service no longer in the catalog or not enabled in that environment, or a container of an environment no longer in the catalog.
/// </summary>
public sealed record Stray
{
    /// <summary>The environment it was deployed to (what its labels say; may be one the catalog no longer has).</summary>
    public required string Environment { get; init; }
    public required string Service { get; init; }
    /// <summary>Where it is, for people: <c>host 'h' (unix:///var/run/docker.sock)</c>, <c>node 'n1'</c>, <c>namespace ns (context c)</c>.</summary>
    public required string Where { get; init; }
    /// <summary>What it is, for people: <c>container svc.env</c>, <c>manifest n1/svc.yaml</c>, <c>Deployment ns/svc</c>.</summary>
    public required string What { get; init; }
    /// <summary>The mode's own name of the place (docker host, static-pod node, namespace): what removing it looks up.</summary>
    public required string TargetName { get; init; }
    /// <summary>The mode's own name of the object (container name, manifest path, Deployment name): what removing it removes.</summary>
    public required string ObjectName { get; init; }
    /// <summary>Why it is a stray, e.g. <c>service 'old' is not in the catalog</c>.</summary>
    public required string Reason { get; init; }
    /// <summary>The exact command that removes it: <c>./build.sh Prune --env E</c>, or a docker command for an unknown environment.</summary>
    public required string RemoveCommand { get; init; }

    /// <summary>One line for people: <c>container svc.env on host 'h' (...): service 'svc' is not in the catalog; remove with: ...</c>.</summary>
    public string Describe() => $"{What} on {Where}: {Reason}; remove with: {RemoveCommand}";

    /// <summary>What removes the strays of a known environment.</summary>
    public static string PruneCommand(string environment) => $"./build.sh Prune --env {environment}";

    /// <summary>Why <paramref name="service"/> is a stray in <paramref name="environment"/> of <paramref name="catalog"/>.</summary>
    public static string ReasonFor(Catalog.Catalog catalog, string service, string environment) =>
        catalog.Services.ContainsKey(service)
            ? $"service '{service}' is not enabled in '{environment}'"
            : $"service '{service}' is not in the catalog";
}

/// <summary>The strays found on an environment's targets, and the targets that could not be read (so may hide more).</summary>
public sealed record StrayListing(IReadOnlyList<Stray> Strays, IReadOnlyList<string> Unread)
{
    public static readonly StrayListing None = new([], []);
}
