using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Catalog;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Kubernetes mode: the Deployment named after the service, read with the client the deployer uses: its container's
/// image digest, whether its rollout finished (as <c>kubectl rollout status</c> decides) and how its pod template differs
/// from the one the catalog renders now; and the Deployments Slipway applied for services the catalog no longer enables
/// there. The namespace's Deployments are listed once per environment and Status run.
/// </summary>
internal sealed class KubernetesLiveReader(LiveReadSession session) : ILiveReader
{
    private readonly TargetRead<IList<V1Deployment>> _clusters = new(session.Timeout);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct) =>
        [await ReadDeploymentAsync(environment, service, ct)];

    public async Task<StrayListing> ListStraysAsync(TargetEnvironment environment, IReadOnlyCollection<string> enabledServices, CancellationToken ct)
    {
        var mode = environment.Spec.Kubernetes!;
        var (deployments, problem) = await ListAsync(mode, ct);
        return deployments is null
            ? new StrayListing([], [Unreachable(mode, problem)])
            : new StrayListing(KubernetesStrays.Among(deployments, mode, environment.Name, enabledServices, session.Context.Catalog).ToList(), []);
    }

    private async Task<TargetReading> ReadDeploymentAsync(TargetEnvironment environment, string service, CancellationToken ct)
    {
        var mode = environment.Spec.Kubernetes!;
        var target = $"Deployment {mode.Namespace}/{service} (context {mode.Context})";
        var (deployments, problem) = await ListAsync(mode, ct);
        if (deployments is null)
            return new TargetReading(target, TargetState.Unreachable, Detail: Unreachable(mode, problem));
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
        var reading = new TargetReading(target, TargetState.Runs, digest, tag, rolloutText, rollout.Done);
        return session.SettingsOf(service, environment.Name) is { } settings
            ? reading with { ConfigDifferences = KubernetesConfigDrift.Between(deployment, settings, digest) }
            : reading;
    }

    private string Unreachable(KubernetesModeSpec mode, string? problem) =>
        $"cluster of context '{mode.Context}' ({Kubeconfig(mode).Path}): {problem}";

    private (string Path, string Source) Kubeconfig(KubernetesModeSpec mode) => KubeconfigLocator.Locate(mode.Kubeconfig, session.Context.Catalog.BaseDirectory);

    private Task<(IList<V1Deployment>? Value, string? Problem)> ListAsync(KubernetesModeSpec mode, CancellationToken ct)
    {
        var (kubeconfig, source) = Kubeconfig(mode);
        return _clusters.GetAsync($"{kubeconfig}|{mode.Context}|{mode.Namespace}", token => ListAsync(kubeconfig, source, mode, token), ct);
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
