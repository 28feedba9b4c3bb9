using k8s;
using k8s.Models;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Rolls a Deployment back to its previous revision the way <c>kubectl rollout undo</c> does (client-side): take the
/// template of the previous revision's ReplicaSet, drop its pod-template-hash label, and JSON-patch the Deployment's
/// template and annotations back to it. The controller then scales that ReplicaSet up again as a new revision.
/// </summary>
public sealed class RolloutUndo(IKubernetes client, string context)
{
    // Annotations that describe the Deployment itself rather than a revision: kept from the Deployment, never copied from the ReplicaSet.
    private static readonly string[] AnnotationsToSkip =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        KubernetesNames.RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    ];

    /// <summary>What the undo did: the revision and image it went back to, or null when there was nothing to go back to.</summary>
    public sealed record Result(long Revision, string Image);

    /// <summary>
    /// Patches <paramref name="name"/> back to its previous revision, or with <paramref name="toImage"/> to the newest earlier
    /// revision running that image (as <c>kubectl rollout undo --to-revision</c>); null when there is no such revision.
    /// </summary>
    public async Task<Result?> UndoAsync(string ns, string name, CancellationToken ct, string? toImage = null)
    {
        var deployment = await KubernetesErrors.Call(new("get", "deployments.apps", ns, name),
            () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct), context);
        var history = await RevisionHistory.ReadAsync(client, deployment, context, ct);
        var previous = toImage is null
            ? history.Previous
            : history.ReplicaSets.Skip(1).FirstOrDefault(rs => RevisionHistory.Revision(rs) > 0 && rs.Spec.Template.Spec.Containers[0].Image == toImage);
        if (previous is null) return null;
        var template = previous.Spec.Template;
        template.Metadata.Labels?.Remove(KubernetesNames.PodTemplateHashLabel);
        var annotations = new Dictionary<string, string>();
        foreach (var key in AnnotationsToSkip)
            if (deployment.Metadata.Annotations?.TryGetValue(key, out var kept) == true) annotations[key] = kept;
        foreach (var (key, value) in previous.Metadata.Annotations ?? new Dictionary<string, string>())
            if (!AnnotationsToSkip.Contains(key)) annotations[key] = value;
        object[] operations =
        [
            new { op = "replace", path = "/spec/template", value = template },
            new { op = "replace", path = "/metadata/annotations", value = annotations },
        ];
        await KubernetesErrors.Call(new("patch", "deployments.apps", ns, name),
            () => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(operations, V1Patch.PatchType.JsonPatch), name, ns,
                fieldManager: KubernetesNames.FieldManager, cancellationToken: ct), context);
        return new Result(RevisionHistory.Revision(previous), template.Spec.Containers[0].Image);
    }
}
