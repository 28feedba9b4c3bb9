using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// What was deleted, and at which resourceVersion, so a watch started from a resourceVersion reports DELETED for an object
/// that went after that version but before the watch began (as a cluster's watch cache replays it). kubectl's
/// <c>delete --wait</c> lists, then watches from the list's version: without this, an object the garbage collector
/// removed in between would never be reported gone. Deletions are found by comparing the objects with the previous
/// <see cref="Observe"/>; callers hold <see cref="FakeCluster.Gate"/>.
/// </summary>
public sealed class FakeDeletionLog(FakeCluster cluster)
{
    private const int Kept = 1000;
    private Dictionary<string, (string Kind, IKubernetesObject<V1ObjectMeta> Object)> _last = new();
    private readonly LinkedList<(long Version, string Kind, IKubernetesObject<V1ObjectMeta> Object)> _deleted = new();

    /// <summary>Records the objects gone since the last call, each at a new resourceVersion.</summary>
    public void Observe()
    {
        var now = new Dictionary<string, (string, IKubernetesObject<V1ObjectMeta>)>();
        void Add(string kind, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects)
        {
            foreach (var o in objects) now[$"{kind}/{o.Metadata.Uid}"] = (kind, o);
        }
        Add("Namespace", cluster.Namespaces.Values);
        Add("Node", cluster.Nodes.Values);
        Add("Deployment", cluster.Deployments.Values);
        Add("ReplicaSet", cluster.ReplicaSets.Values);
        Add("Pod", cluster.Pods.Values.Select(p => p.Pod));
        Add("Secret", cluster.Secrets.Values);
        foreach (var (key, (kind, gone)) in _last)
            if (!now.ContainsKey(key)) _deleted.AddLast((long.Parse(cluster.NextResourceVersion()), kind, gone));
        while (_deleted.Count > Kept) _deleted.RemoveFirst();
        _last = now;
    }

    /// <summary>The objects of <paramref name="kind"/> deleted after <paramref name="since"/>, oldest first.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> DeletedSince(string kind, long since) =>
        _deleted.Where(d => d.Kind == kind && d.Version > since).Select(d => d.Object).ToList();
}
