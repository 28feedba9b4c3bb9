using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Catalog;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Kubernetes mode: the Deployment named after the service, read with the client the deployer uses: its container's
/// image digest and whether its rollout finished (as <c>kubectl rollout status</c> decides). The namespace's
/// Deployments are listed once per environment and Status run.
/// </summary>
internal sealed class KubernetesLiveReader(TimeSpan timeout, string catalogDirectory) : ILiveReader
{
    private readonly TargetRead<IList<V1Deployment>> _clusters = new(timeout);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct) =>
        [await ReadAsync(environment.Spec.Kubernetes!, service, ct)];

    private async Task<TargetReading> ReadAsync(KubernetesModeSpec mode, string service, CancellationToken ct)
    {
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, catalogDirectory);
        var target = $"Deployment {mode.Namespace}/{service} (context {mode.Context})";
        var (deployments, problem) = await _clusters.GetAsync($"{kubeconfig}|{mode.Context}|{mode.Namespace}",
            token => ListAsync(kubeconfig, source, mode, token), ct);
        if (deployments is null)
            return new TargetReading(target, TargetState.Unreachable, Detail: $"cluster of context '{mode.Context}' ({kubeconfig}): {problem}");
        var deployment = deployments.FirstOrDefault(d => d.Metadata?.Name == service);
        if (deployment is null) return new TargetReading(target, TargetState.Missing, Detail: "not deployed");

        var containers = deployment.Spec?.Template?.Spec?.Containers ?? [];
        var image = (containers.FirstOrDefault(c => c.Name == service) ?? containers.FirstOrDefault())?.Image;
        var rollout = RolloutStatus.Of(deployment);
        var rolloutText = rollout.Done ? "rollout complete" : rollout.Message;
        var digest = LiveReading.DigestOf(image);
        if (digest is null)
            return new TargetReading(target, TargetState.Runs, Detail: $"runs {image ?? "no image"}, not pinned by digest; {rolloutText}", RolloutComplete: rollout.Done);
        var tag = LiveReading.TagRecordedWith(deployment.Metadata?.Annotations, digest.Value);
        return new TargetReading(target, TargetState.Runs, digest, tag, rolloutText, rollout.Done);
    }

    private static async Task<IList<V1Deployment>> ListAsync(string kubeconfig, string source, KubernetesModeSpec mode, CancellationToken ct)
    {
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        var operation = new KubernetesOperation("list", "deployments.apps", mode.Namespace, null);
        try
        {
            return (await client.AppsV1.ListNamespacedDeploymentAsync(mode.Namespace, cancellationToken: ct)).Items;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.Map(e, operation);
        }
    }
}
