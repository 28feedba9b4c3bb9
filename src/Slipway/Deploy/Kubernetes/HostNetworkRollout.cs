using System.Globalization;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// The rolling-update budget a host-networked Deployment can really use. Every pod binds the service port on its node, so
/// a node takes one pod of the service: R replicas need R nodes matching the nodeSelector, and a surge pod needs a node
/// beyond those. With no such spare node (a single labelled node and one replica, say) a surge pod stays Pending forever
/// and every rollout stalls to its progress deadline; the rollout must instead replace pods in place (maxSurge 0,
/// maxUnavailable at least 1).
/// </summary>
public static class HostNetworkRollout
{
    /// <summary>
    /// The catalog's budget cut to what <paramref name="schedulableNodes"/> allow (surge limited to the spare nodes, and
    /// one pod unavailable at a time when no surge is left); the catalog's budget as is when the node count is unknown.
    /// </summary>
    public static RollingUpdateSpec Budget(RollingUpdateSpec catalog, int replicas, int? schedulableNodes)
    {
        if (schedulableNodes is not { } nodes) return catalog;
        var surge = Resolve(catalog.MaxSurge, replicas, roundUp: true);
        var spare = Math.Max(0, nodes - replicas);
        if (surge <= spare) return catalog;
        var unavailable = Math.Max(1, Resolve(catalog.MaxUnavailable, replicas, roundUp: false));
        return new RollingUpdateSpec
        {
            MaxSurge = spare.ToString(CultureInfo.InvariantCulture), MaxUnavailable = unavailable.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Fails, before anything is applied, when the matching nodes cannot hold the replicas at all.</summary>
    public static void RequireNodes(ResolvedService s, KubernetesModeSpec mode, int schedulableNodes)
    {
        var selector = mode.NodeSelector.Count == 0 ? null : string.Join(",", mode.NodeSelector.Select(kv => $"{kv.Key}={kv.Value}"));
        var matching = selector is null ? "schedulable nodes" : $"schedulable nodes labelled {selector}";
        if (schedulableNodes == 0)
            throw SlipwayException.Input($"environment '{s.Environment}' kubernetes.nodeSelector (context {mode.Context})",
                $"the cluster has no {matching}, so no pod of {s.Name} could ever be scheduled; nothing was applied",
                selector is null
                    ? "make a node schedulable (kubectl uncordon NODE) or point the environment at a cluster with nodes"
                    : $"label the nodes meant for '{s.Environment}' (kubectl label node NODE {selector.Replace(",", " ")}) or correct the nodeSelector");
        if (s.Replicas > schedulableNodes)
            throw SlipwayException.Input($"services.{s.Name}.environments.{s.Environment}.replicas",
                $"{s.Replicas} replicas need {s.Replicas} nodes, as each binds host port {s.Port} on its node (hostNetwork), " +
                $"but the cluster of context {mode.Context} has only {schedulableNodes} {matching}; nothing was applied",
                $"set replicas to at most {schedulableNodes}, or label more nodes" + (selector is null ? "" : $" {selector}"));
    }

    /// <summary>As Kubernetes resolves a count or percentage of <paramref name="replicas"/>: surge rounds up, unavailable down.</summary>
    public static int Resolve(string intOrPercent, int replicas, bool roundUp)
    {
        if (!intOrPercent.EndsWith('%')) return int.Parse(intOrPercent, CultureInfo.InvariantCulture);
        var exact = replicas * int.Parse(intOrPercent.TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }
}
