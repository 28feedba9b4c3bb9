using Slipway.Catalog;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Everything one Deployment is rendered from: the service's settings in the environment and the image to run.</summary>
public sealed record KubernetesDeployRequest
{
    /// <summary>The service's effective settings in the environment (port, heap, conf, replicas, ...).</summary>
    public required ResolvedService Settings { get; init; }
    /// <summary>The image by digest: <c>host/namespace/service@sha256:...</c>.</summary>
    public required string ImageByDigest { get; init; }
    /// <summary>The date-based tag the digest was pushed under (annotation only; the pod runs the digest).</summary>
    public string? Tag { get; init; }
    /// <summary>The commit the image was built from.</summary>
    public string? Commit { get; init; }
    /// <summary>
    /// Id of the release-ledger entry recording this deploy, when a ledger is in use. Hook for the release ledger:
    /// whoever records the deploy passes its entry id here and it lands in the Deployment's annotations.
    /// </summary>
    public string? LedgerEntryId { get; init; }
    /// <summary>
    /// Nodes that could run the pods (matching the nodeSelector, Ready, not cordoned), as read from the cluster; null
    /// when not read (dry run, drift). Caps the rolling-update surge: see <see cref="HostNetworkRollout"/>.
    /// </summary>
    public int? SchedulableNodes { get; init; }

    /// <summary>The environment's kubernetes block (context, namespace, rollout knobs).</summary>
    public KubernetesModeSpec Mode => Settings.EnvironmentSpec.Kubernetes
        ?? throw new InvalidOperationException($"environment '{Settings.Environment}' has no kubernetes block");

    /// <summary>The Deployment's name: the service name.</summary>
    public string Name => Settings.Name;
    /// <summary>The namespace the Deployment lives in.</summary>
    public string Namespace => Mode.Namespace;
}
