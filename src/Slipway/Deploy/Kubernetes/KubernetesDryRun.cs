using k8s;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Describes, without any API call, exactly what a Kubernetes deploy would send and in which order.</summary>
public static class KubernetesDryRun
{
    /// <summary>The lines to print: connection, namespace calls, the apply with the full Deployment YAML, the rollout wait and the rollback path.</summary>
    public static IEnumerable<string> Describe(KubernetesDeployRequest request, string kubeconfigPath, string kubeconfigSource,
        string artifactPath, TimeSpan pollInterval)
    {
        var (ns, name, mode) = (request.Namespace, request.Name, request.Mode);
        var deployments = $"/apis/apps/v1/namespaces/{ns}/deployments";
        yield return $"would connect with kubeconfig {kubeconfigPath} (from {kubeconfigSource}), context {mode.Context}";
        yield return $"would GET /api/v1/namespaces/{ns}; when missing POST /api/v1/namespaces with label " +
                     $"{SlipwayLabels.Environment}={request.Settings.Environment}; when unlabelled PATCH it (merge patch) with that label";
        yield return $"would server-side apply Deployment {name}: GET {deployments}/{name} (to report the change), then " +
                     $"PATCH {deployments}/{name}?fieldManager={KubernetesNames.FieldManager}&force=true " +
                     "(Content-Type application/apply-patch+yaml) with this Deployment:";
        foreach (var line in Yaml(request).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            yield return "    " + line;
        yield return $"would write that manifest to {artifactPath}";
        yield return $"would GET {deployments}/{name} after {RolloutWaiter.FirstPoll.TotalSeconds:0.##}s, then doubling up to every {pollInterval.TotalSeconds:0.#}s, until `kubectl rollout status` would say done " +
                     $"(up to rolloutTimeoutSeconds={mode.RolloutTimeoutSeconds}); Kubernetes reports ProgressDeadlineExceeded after " +
                     $"{mode.ProgressDeadlineSeconds}s without progress; each read also lists its ReplicaSets and the latest one's pods, " +
                     "to stop at once when a pod can never be scheduled (no node matches its nodeSelector, or its host port stays taken)";
        yield return $"on failure: read the new pods for the cause (GET /apis/apps/v1/namespaces/{ns}/replicasets, /api/v1/namespaces/{ns}/pods " +
                     $"with labelSelector {SlipwayLabels.App}={name}), roll back as `kubectl rollout undo` does (JSON-patch the Deployment's " +
                     "template and annotations back to the previous revision's ReplicaSet), wait for that, and fail naming the cause";
    }

    /// <summary>The Deployment exactly as the apply sends it, as YAML.</summary>
    public static string Yaml(KubernetesDeployRequest request) => KubernetesYaml.Serialize(DeploymentRenderer.Render(request));
}
