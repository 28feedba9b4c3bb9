using k8s;
using k8s.Models;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Explains why a rollout did not finish, from what the cluster says about the new revision: container waiting
/// reasons (ImagePullBackOff, CrashLoopBackOff, ...), pods running but not ready (readiness probe failing),
/// unschedulable pods, ReplicaSet failure conditions (quota, admission), and the Deployment's own conditions.
/// </summary>
public sealed class RolloutDiagnosis(IKubernetes client, string context)
{
    /// <summary>One line per distinct cause, most specific first; never empty.</summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string ns, string name, CancellationToken ct)
    {
        var causes = new List<string>();
        try
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct);
            var latest = (await RevisionHistory.ReadAsync(client, deployment, context, ct)).Latest;
            if (latest is not null)
            {
                foreach (var condition in latest.Status?.Conditions ?? [])
                    if (condition.Status == "True" && condition.Type == "ReplicaFailure")
                        causes.Add($"ReplicaSet {latest.Metadata.Name}: {condition.Reason}: {condition.Message}");
                var hash = latest.Metadata.Labels?.TryGetValue(KubernetesNames.PodTemplateHashLabel, out var h) == true ? h : null;
                var selector = string.Join(",", deployment.Spec.Selector.MatchLabels.Select(kv => $"{kv.Key}={kv.Value}")) +
                               (hash is null ? "" : $",{KubernetesNames.PodTemplateHashLabel}={hash}");
                var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct);
                foreach (var pod in pods.Items) causes.AddRange(PodCauses(pod, deployment));
            }
            foreach (var condition in deployment.Status?.Conditions ?? [])
                if (condition.Status != "True" && !string.IsNullOrEmpty(condition.Message))
                    causes.Add($"Deployment condition {condition.Type}={condition.Status} ({condition.Reason}): {condition.Message}");
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            causes.Add($"(could not read the pods for a cause: {e.Message})");
        }
        if (causes.Count == 0) causes.Add("the new pods did not become available (no waiting reason or failed condition was reported)");
        return causes.Distinct().ToList();
    }

    private static IEnumerable<string> PodCauses(V1Pod pod, V1Deployment deployment)
    {
        var podName = pod.Metadata.Name;
        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (scheduled?.Status == "False")
            yield return UnschedulablePod.Explain(pod) ?? $"pod {podName} cannot be scheduled ({scheduled.Reason}): {scheduled.Message}";
        foreach (var container in (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []))
        {
            var waiting = container.State?.Waiting;
            if (waiting is not null && waiting.Reason is not ("ContainerCreating" or "PodInitializing" or null))
                yield return $"pod {podName} container {container.Name}: {waiting.Reason}{(string.IsNullOrEmpty(waiting.Message) ? "" : ": " + waiting.Message)}";
            else if (container.State?.Running is not null && container.Ready != true)
                yield return $"pod {podName} container {container.Name} runs but is not ready: readiness probe {Probe(deployment)} failing" +
                             (container.RestartCount > 0 ? $" (restarted {container.RestartCount} times)" : "");
            var terminated = container.LastState?.Terminated;
            if (terminated is not null && terminated.ExitCode != 0)
                yield return $"pod {podName} container {container.Name} exited with code {terminated.ExitCode} ({terminated.Reason})";
        }
    }

    private static string Probe(V1Deployment deployment)
    {
        var get = deployment.Spec.Template.Spec.Containers.FirstOrDefault()?.ReadinessProbe?.HttpGet;
        return get is null ? "" : $"GET :{get.Port.Value}{get.Path}";
    }
}
