using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Where verification checks go in mode kubernetes: each ready pod of the Deployment's ReplicaSet that runs the deployed
/// image, through the API server's pod proxy (<c>kubectl get --raw /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH</c>)
/// as the kubeconfig's user, so only the API server has to be reachable from where Slipway runs, not the pods.
/// </summary>
public static class KubernetesVerificationInstances
{
    /// <summary>The ready pods running <paramref name="input"/>'s image; in a dry run one placeholder, with no call made.</summary>
    public static async Task<IReadOnlyList<VerificationInstance>> ListAsync(ChainContext ctx, DeployInput input, KubernetesModeSpec mode, CancellationToken ct)
    {
        var (ns, name, port) = (mode.Namespace, input.Service, input.Settings.Port);
        if (ctx.DryRun)
            return [new VerificationInstance($"each ready pod of Deployment {ns}/{name} running the new image",
                $"<API server of context {mode.Context}>/api/v1/namespaces/{ns}/pods/<pod>:{port}/proxy")];
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        var deployment = await KubernetesErrors.Call(new("get", "deployments.apps", ns, name),
            () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct), mode.Context);
        var history = await RevisionHistory.ReadAsync(client, deployment, mode.Context, ct);
        var replicaSet = history.ReplicaSets.FirstOrDefault(rs => rs.Spec.Template.Spec.Containers[0].Image == input.ImageText);
        if (replicaSet?.Metadata.Labels?.TryGetValue(KubernetesNames.PodTemplateHashLabel, out var hash) != true) return [];
        var selector = string.Join(",", deployment.Spec.Selector.MatchLabels.Select(kv => $"{kv.Key}={kv.Value}")
            .Append($"{KubernetesNames.PodTemplateHashLabel}={hash}"));
        var pods = await KubernetesErrors.Call(new("list", "pods", ns, null),
            () => client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct), mode.Context);
        var api = client.BaseUri.ToString().TrimEnd('/');
        return pods.Items.Where(IsReady).OrderBy(p => p.Metadata.Name)
            .Select(p => new VerificationInstance($"pod '{ns}/{p.Metadata.Name}'", $"{api}/api/v1/namespaces/{ns}/pods/{p.Metadata.Name}:{port}/proxy",
                () => new KubernetesApiHandler((k8s.Kubernetes)KubernetesConnection.Open(kubeconfig, source, mode.Context))))
            .ToList();
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
