using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>A pod of the fake cluster, with the cluster times its simulated lifecycle runs on.</summary>
public sealed class FakePod(V1Pod pod, double createdAt)
{
    public V1Pod Pod { get; } = pod;
    public double CreatedAt { get; } = createdAt;
    public double? ReadySince { get; set; }
    /// <summary>Set by <see cref="FakeScheduler"/>: when the pod was bound, and the bound node's InternalIP.</summary>
    public double? BoundAt { get; set; }
    public string? HostIp { get; set; }
    /// <summary>The scheduler's last "0/N nodes are available" message while the pod cannot be bound.</summary>
    public string? Unschedulable { get; set; }
}

/// <summary>The fake API server's objects. Every access holds <see cref="Gate"/>; the controller and the HTTP handlers share it.</summary>
public sealed class FakeCluster(FakeClock clock)
{
    private long _resourceVersion = 1000;
    private FakeDeletionLog? _deletions;

    public object Gate { get; } = new();
    public FakeClock Clock { get; } = clock;
    public Dictionary<string, V1Namespace> Namespaces { get; } = new();
    public Dictionary<(string Ns, string Name), V1Deployment> Deployments { get; } = new();
    public Dictionary<(string Ns, string Name), V1ReplicaSet> ReplicaSets { get; } = new();
    public Dictionary<(string Ns, string Name), FakePod> Pods { get; } = new();
    public Dictionary<string, V1Node> Nodes { get; } = new();
    public Dictionary<(string Ns, string Name), V1Secret> Secrets { get; } = new();

    /// <summary>What was deleted when, for watches that start from a resourceVersion.</summary>
    public FakeDeletionLog Deletions => _deletions ??= new FakeDeletionLog(this);
    public Dictionary<(string Ns, string Name), Corev1Event> Events { get; } = new();

    public string NextResourceVersion() => (++_resourceVersion).ToString();

    public void RequireNamespace(string ns)
    {
        if (!Namespaces.ContainsKey(ns)) throw FakeApiError.NotFound("namespaces", ns);
    }

    /// <summary>Stamps a new object's server-owned metadata.</summary>
    public void StampNew(V1ObjectMeta metadata, string? ns)
    {
        metadata.Uid = Guid.NewGuid().ToString();
        metadata.CreationTimestamp = Clock.Now;
        metadata.ResourceVersion = NextResourceVersion();
        if (ns is not null) metadata.NamespaceProperty = ns;
    }

    public void DeleteNamespace(string ns)
    {
        if (!Namespaces.Remove(ns)) throw FakeApiError.NotFound("namespaces", ns);
        foreach (var key in Deployments.Keys.Where(k => k.Ns == ns).ToList()) Deployments.Remove(key);
        foreach (var key in ReplicaSets.Keys.Where(k => k.Ns == ns).ToList()) ReplicaSets.Remove(key);
        foreach (var key in Pods.Keys.Where(k => k.Ns == ns).ToList()) Pods.Remove(key);
        foreach (var key in Secrets.Keys.Where(k => k.Ns == ns).ToList()) Secrets.Remove(key);
        foreach (var key in Events.Keys.Where(k => k.Ns == ns).ToList()) Events.Remove(key);
    }
}
