using k8s.Models;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// A pod the scheduler could not place (<c>PodScheduled=False</c>, reason Unschedulable): the scheduler's message, what
/// would let it schedule (the node labels of its nodeSelector, or its host ports free on a matching node), and whether
/// waiting could help. Waiting helps only while a pod of the same Deployment is terminating (its host port frees when it
/// is gone, as in a maxSurge 0 rollout); a selector no node matches, or a port held by a pod that stays, never resolves.
/// </summary>
public static class UnschedulablePod
{
    /// <summary>kube-scheduler's reason for a node whose labels do not satisfy the pod's nodeSelector.</summary>
    public const string SelectorMismatch = "didn't match Pod's node affinity/selector";
    /// <summary>kube-scheduler's reason for a node where another pod holds one of the pod's host ports.</summary>
    public const string PortsTaken = "didn't have free ports for the requested pod ports";

    /// <summary>The scheduler's message when <paramref name="pod"/> is unschedulable, else null.</summary>
    public static string? MessageOf(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" })?.Message;

    /// <summary>
    /// The first pod of <paramref name="pods"/> that cannot be scheduled for a reason no wait would fix, explained; null
    /// when there is none. <paramref name="terminating"/>: a pod of the same Deployment is terminating, so a taken port may free.
    /// </summary>
    public static string? Hopeless(IEnumerable<V1Pod> pods, bool terminating)
    {
        foreach (var pod in pods)
        {
            var message = MessageOf(pod);
            if (message is null) continue;
            var ports = message.Contains(PortsTaken, StringComparison.Ordinal);
            if (ports && !terminating || !ports && message.Contains(SelectorMismatch, StringComparison.Ordinal)) return Explain(pod);
        }
        return null;
    }

    /// <summary>One line: the pod, the scheduler's message, and what the nodes would need for it to schedule.</summary>
    public static string? Explain(V1Pod pod)
    {
        var message = MessageOf(pod);
        if (message is null) return null;
        var text = $"pod {pod.Metadata.Name} cannot be scheduled (Unschedulable): {message}";
        var selector = pod.Spec?.NodeSelector is { Count: > 0 } s ? string.Join(",", s.Select(kv => $"{kv.Key}={kv.Value}")) : null;
        if (message.Contains(SelectorMismatch, StringComparison.Ordinal))
            text += selector is null
                ? "; some nodes' affinity rules exclude it"
                : $"; it may only run on nodes labelled {selector}: label the nodes meant for it (kubectl label node NODE {selector.Replace(",", " ")}) or correct the catalog's nodeSelector";
        if (message.Contains(PortsTaken, StringComparison.Ordinal))
        {
            var ports = string.Join(", ", (pod.Spec?.Containers ?? []).SelectMany(c => c.Ports ?? [])
                .Select(p => $"{p.HostPort ?? p.ContainerPort}/{p.Protocol ?? "TCP"}"));
            text += $"; host port {ports} is taken on every node{(selector is null ? "" : $" labelled {selector}")} that could run it " +
                    "(hostNetwork: one such pod per node): stop what holds the port there, label another node for it, " +
                    "or run no more replicas than there are such nodes, rolling with maxSurge 0";
        }
        return text;
    }
}
