using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Deploy in mode kubernetes: render the Deployment, keep it under the artifacts folder, apply it and wait for the rollout.</summary>
public static class KubernetesModeDeploy
{
    /// <summary>Poll interval of the rollout wait.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The rendered manifest's path: <c>&lt;state&gt;/artifacts/&lt;env&gt;/&lt;service&gt;.deployment.yaml</c>.</summary>
    public static string ArtifactPath(ChainContext ctx, string service) =>
        Path.Combine(ctx.Paths.Artifacts, ctx.Environment, $"{service}.deployment.yaml");

    /// <summary>Applies <paramref name="input"/>'s digest and waits for the rollout (undone when it never gets ready).</summary>
    public static async Task RunAsync(ChainContext ctx, DeployInput input, KubernetesModeSpec mode, CancellationToken ct = default)
    {
        input.RequireDigest();
        var request = Request(ctx, input);
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        var artifact = ArtifactPath(ctx, input.Service);
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await File.WriteAllTextAsync(artifact, KubernetesDryRun.Yaml(request), ct);
        ctx.Log.Detail($"[{input.Service}] manifest written to {artifact}");
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        var deployer = new KubernetesDeployer(client, mode.Context, ctx.Log) { PollInterval = PollInterval };
        await deployer.DeployAsync(request, ct);
    }

    /// <summary>Dry run: the calls and the manifest, touching nothing.</summary>
    public static void Describe(ChainContext ctx, DeployInput input, KubernetesModeSpec mode)
    {
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        foreach (var line in KubernetesDryRun.Describe(Request(ctx, input), kubeconfig, source, ArtifactPath(ctx, input.Service), PollInterval))
            ctx.Log.Info($"[{input.Service}] {line}");
    }

    private static KubernetesDeployRequest Request(ChainContext ctx, DeployInput input) => new()
    {
        Settings = input.Settings,
        ImageByDigest = input.ImageText,
        Tag = input.Tag,
        Commit = input.Commit ?? ctx.Commit,
    };
}
