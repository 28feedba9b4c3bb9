using k8s;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>How a wait for a rollout ended.</summary>
public enum RolloutEnd
{
    /// <summary>kubectl would print "successfully rolled out".</summary>
    RolledOut,
    /// <summary>The controller reported ProgressDeadlineExceeded.</summary>
    ProgressDeadlineExceeded,
    /// <summary>The catalog's rolloutTimeoutSeconds passed first.</summary>
    TimedOut,
    /// <summary>A pod cannot be scheduled and no wait would change that (see <see cref="UnschedulablePod"/>): failed before the progress deadline.</summary>
    Unschedulable,
}

/// <summary>
/// Polls a Deployment until <see cref="RolloutStatus"/> says done or failed, a pod of it is hopelessly unschedulable, or
/// the timeout passes; logs each new state once.
/// The first reads come quickly (<see cref="FirstPoll"/>, doubling up to the poll interval): a rollout that completes in
/// under a second, as most updates of a small Deployment do, is not charged a whole poll interval.
/// </summary>
public sealed class RolloutWaiter(IKubernetes client, string context, IBuildLog log, TimeSpan pollInterval)
{
    /// <summary>The wait before the second read; each later wait doubles, up to the poll interval.</summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the rollout of <paramref name="name"/>; returns how it ended and the last message.</summary>
    public async Task<(RolloutEnd End, string Message)> WaitAsync(string ns, string name, TimeSpan timeout, string prefix, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string? last = null;
        var delay = FirstPoll < pollInterval ? FirstPoll : pollInterval;
        while (true)
        {
            var deployment = await KubernetesErrors.Call(new("get", "deployments.apps", ns, name),
                () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct), context);
            var state = RolloutStatus.Of(deployment);
            if (state.Message != last) log.Info($"{prefix}{state.Message}");
            last = state.Message;
            if (state.Done) return (RolloutEnd.RolledOut, state.Message);
            if (state.Failed) return (RolloutEnd.ProgressDeadlineExceeded, state.Message);
            if (await HopelessPodAsync(ns, deployment, ct) is { } unschedulable) return (RolloutEnd.Unschedulable, unschedulable);
            if (DateTimeOffset.UtcNow >= deadline) return (RolloutEnd.TimedOut, state.Message);
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(pollInterval.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>A hopelessly unschedulable pod of the latest revision (pods of a revision being rolled away from do not count).</summary>
    private async Task<string?> HopelessPodAsync(string ns, k8s.Models.V1Deployment deployment, CancellationToken ct)
    {
        if ((deployment.Metadata.Generation ?? 0) > (deployment.Status?.ObservedGeneration ?? 0)) return null;
        var latest = (await RevisionHistory.ReadAsync(client, deployment, context, ct)).Latest;
        if (latest?.Metadata.Labels?.TryGetValue(KubernetesNames.PodTemplateHashLabel, out var hash) != true) return null;
        var selector = string.Join(",", deployment.Spec.Selector.MatchLabels.Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await KubernetesErrors.Call(new("list", "pods", ns, null),
            () => client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: ct), context);
        var ofLatest = pods.Items.Where(p => p.Metadata.Labels?.TryGetValue(KubernetesNames.PodTemplateHashLabel, out var h) == true && h == hash);
        return UnschedulablePod.Hopeless(ofLatest, terminating: pods.Items.Any(p => p.Metadata.DeletionTimestamp is not null));
    }
}
