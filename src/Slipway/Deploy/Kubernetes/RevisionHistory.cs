using System.Globalization;
using k8s;
using k8s.Models;

namespace Slipway.Deploy.Kubernetes;

/// <summary>The ReplicaSets a Deployment controls, by the revision the controller stamped on them.</summary>
public sealed class RevisionHistory(IReadOnlyList<V1ReplicaSet> replicaSets)
{
    /// <summary>The Deployment's ReplicaSets (controlled by it), newest revision first.</summary>
    public IReadOnlyList<V1ReplicaSet> ReplicaSets { get; } = replicaSets.OrderByDescending(Revision).ToList();

    /// <summary>The ReplicaSet of the latest revision, or null before the controller made one.</summary>
    public V1ReplicaSet? Latest => ReplicaSets.FirstOrDefault();

    /// <summary>The ReplicaSet of the revision before the latest (what <c>kubectl rollout undo</c> goes back to), or null.</summary>
    public V1ReplicaSet? Previous => ReplicaSets.Skip(1).FirstOrDefault(rs => Revision(rs) > 0);

    /// <summary>The revision annotation of <paramref name="replicaSet"/>; 0 when absent or unreadable.</summary>
    public static long Revision(V1ReplicaSet replicaSet) =>
        replicaSet.Metadata.Annotations?.TryGetValue(KubernetesNames.RevisionAnnotation, out var value) == true &&
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>Lists the ReplicaSets in the Deployment's namespace matching its selector and controlled by it (by owner UID).</summary>
    public static async Task<RevisionHistory> ReadAsync(IKubernetes client, V1Deployment deployment, string context, CancellationToken ct)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var selector = string.Join(",", deployment.Spec.Selector.MatchLabels.Select(kv => $"{kv.Key}={kv.Value}"));
        var list = await KubernetesErrors.Call(new("list", "replicasets.apps", ns, null),
            () => client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: selector, cancellationToken: ct), context);
        var owned = list.Items.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == deployment.Metadata.Uid) == true);
        return new RevisionHistory(owned.ToList());
    }
}
