using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// core/v1 Events, read-only through the API: what the fake scheduler and kubelet report about a pod. A repeat of the
/// same reason and message for the same object bumps count and lastTimestamp, as the real event recorder aggregates.
/// Callers hold the cluster's gate.
/// </summary>
public sealed class FakeEventStore(FakeCluster cluster)
{
    public void Record(V1Pod involved, string type, string reason, string message, string component)
    {
        var ns = involved.Metadata.NamespaceProperty;
        var same = cluster.Events.Values.FirstOrDefault(e => e.InvolvedObject.Uid == involved.Metadata.Uid && e.Reason == reason && e.Message == message);
        if (same is not null)
        {
            same.Count = (same.Count ?? 1) + 1;
            same.LastTimestamp = cluster.Clock.Now;
            same.Metadata.ResourceVersion = cluster.NextResourceVersion();
            return;
        }
        var e = new Corev1Event
        {
            ApiVersion = "v1", Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{involved.Metadata.Name}.{Guid.NewGuid():N}"[..(involved.Metadata.Name.Length + 17)] },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1", Kind = "Pod", Name = involved.Metadata.Name, NamespaceProperty = ns,
                Uid = involved.Metadata.Uid, ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Type = type, Reason = reason, Message = message,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component, ReportingInstance = "",
            FirstTimestamp = cluster.Clock.Now, LastTimestamp = cluster.Clock.Now, Count = 1,
        };
        cluster.StampNew(e.Metadata, ns);
        cluster.Events[(ns, e.Metadata.Name)] = e;
    }

    /// <summary>The events of <paramref name="ns"/>, or of every namespace when it is null.</summary>
    public Corev1EventList List(string? ns) => new()
    {
        ApiVersion = "v1", Kind = "EventList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Events.Where(kv => ns is null || kv.Key.Ns == ns).OrderBy(kv => kv.Value.Metadata.CreationTimestamp)
            .Select(kv => FakeJson.Clone(kv.Value)).ToList(),
    };

    public Corev1Event Get(string ns, string name) =>
        cluster.Events.TryGetValue((ns, name), out var e) ? FakeJson.Clone(e) : throw FakeApiError.NotFound("events", name);
}
