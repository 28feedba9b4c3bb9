using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The default scheduler's filters the fake models: a pod fits a node when the node's labels satisfy its nodeSelector
/// and none of its host ports (under hostNetwork every container port is one) is held by a pod already bound there.
/// A pod that fits nowhere stays Pending with <c>PodScheduled=False/Unschedulable</c> and a FailedScheduling event
/// carrying the real scheduler's message; it is retried every tick, so it binds as soon as a node frees up.
/// Callers hold the cluster's gate.
/// </summary>
public sealed class FakeScheduler(FakeCluster cluster, FakeEventStore events)
{
    public const string NodeSelectorMismatch = "node(s) didn't match Pod's node affinity/selector";
    public const string PortsTaken = "node(s) didn't have free ports for the requested pod ports";

    /// <summary>One scheduling pass over the unbound pods, oldest first.</summary>
    public void Tick()
    {
        var pending = cluster.Pods.Values.Where(p => p.Pod.Spec.NodeName is null).OrderBy(p => p.CreatedAt).ThenBy(p => p.Pod.Metadata.Name).ToList();
        foreach (var fake in pending)
        {
            var bound = cluster.Pods.Values.Select(p => p.Pod).Where(p => p.Spec.NodeName is not null);
            var (node, message) = Decide(fake.Pod, cluster.Nodes.Values, bound);
            if (node is not null) Bind(fake, node);
            else if (message != fake.Unschedulable)
            {
                fake.Unschedulable = message;
                fake.Pod.Metadata.ResourceVersion = cluster.NextResourceVersion();
                events.Record(fake.Pod, "Warning", "FailedScheduling", message!, "default-scheduler");
            }
        }
    }

    /// <summary>The node <paramref name="pod"/> goes to (fewest pods first, then by name), or why none fits.</summary>
    public static (V1Node? Node, string? Message) Decide(V1Pod pod, IEnumerable<V1Node> nodes, IEnumerable<V1Pod> boundPods)
    {
        var all = nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return (null, "no nodes available to schedule pods");
        var byNode = boundPods.GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.ToList());
        var wanted = HostPorts(pod).ToHashSet();
        var failures = new List<string>();
        var fits = new List<V1Node>();
        foreach (var node in all)
        {
            var onNode = byNode.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (!(pod.Spec.NodeSelector ?? new Dictionary<string, string>()).All(kv => node.Metadata.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value))
                failures.Add(NodeSelectorMismatch);
            else if (onNode.SelectMany(HostPorts).Any(wanted.Contains))
                failures.Add(PortsTaken);
            else
                fits.Add(node);
        }
        if (fits.Count > 0)
            return (fits.OrderBy(n => byNode.GetValueOrDefault(n.Metadata.Name)?.Count ?? 0).First(), null);
        return (null, Message(all.Count, failures));
    }

    /// <summary>kube-scheduler's FitError text: reasons counted and sorted, then what preemption could do.</summary>
    private static string Message(int nodes, List<string> failures)
    {
        static string Counted(IEnumerable<string> reasons) => string.Join(", ", reasons.GroupBy(r => r)
            .Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal));
        var preemption = failures.Select(f => f == PortsTaken ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling");
        return $"0/{nodes} nodes are available: {Counted(failures)}. preemption: 0/{nodes} nodes are available: {Counted(preemption)}.";
    }

    private static IEnumerable<(string Protocol, int Port)> HostPorts(V1Pod pod) =>
        pod.Spec.Containers.SelectMany(c => c.Ports ?? [])
            .Select(p => (p.Protocol ?? "TCP", p.HostPort ?? (pod.Spec.HostNetwork == true ? p.ContainerPort : 0)))
            .Where(p => p.Item2 > 0);

    private void Bind(FakePod fake, V1Node node)
    {
        var pod = fake.Pod;
        pod.Spec.NodeName = node.Metadata.Name;
        pod.Metadata.ResourceVersion = cluster.NextResourceVersion();
        fake.BoundAt = cluster.Clock.Seconds;
        fake.HostIp = node.Status.Addresses.First(a => a.Type == "InternalIP").Address;
        fake.Unschedulable = null;
        events.Record(pod, "Normal", "Scheduled", $"Successfully assigned {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to {node.Metadata.Name}", "default-scheduler");
    }
}
