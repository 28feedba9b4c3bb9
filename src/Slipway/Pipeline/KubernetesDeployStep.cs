using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy.Kubernetes;

namespace Slipway.Pipeline;

/// <summary>Deploy in mode kubernetes: render the Deployment, keep it under the artifacts folder, apply it and wait for the rollout.</summary>
public static class KubernetesDeployStep
{
    /// <summary>Poll interval of the rollout wait.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The rendered manifest's path: <c>&lt;state&gt;/artifacts/&lt;env&gt;/&lt;service&gt;.deployment.yaml</c>.</summary>
    public static string ArtifactPath(ChainContext ctx, string service) =>
        Path.Combine(ctx.Paths.Artifacts, ctx.Environment, $"{service}.deployment.yaml");

    /// <summary>Deploys <paramref name="run"/>'s digest (dry run: prints the calls and the manifest, touches nothing).</summary>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, KubernetesModeSpec mode, CancellationToken ct = default)
    {
        var request = new KubernetesDeployRequest
        {
            Settings = run.Settings,
            ImageByDigest = $"{run.Settings.ImageRepository}@{run.Digest ?? "sha256:<digest pushed by Push>"}",
            Tag = run.Tag,
            Commit = run.Checkout?.Sha ?? ctx.Commit,
        };
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        var artifact = ArtifactPath(ctx, run.Service);
        if (ctx.DryRun)
        {
            foreach (var line in KubernetesDryRun.Describe(request, kubeconfig, source, artifact, PollInterval))
                ctx.Log.Info($"[{run.Service}] {line}");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await File.WriteAllTextAsync(artifact, KubernetesDryRun.Yaml(request), ct);
        ctx.Log.Detail($"[{run.Service}] manifest written to {artifact}");
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        var deployer = new KubernetesDeployer(client, mode.Context, ctx.Log) { PollInterval = PollInterval };
        await deployer.DeployAsync(request, ct);
    }
}
