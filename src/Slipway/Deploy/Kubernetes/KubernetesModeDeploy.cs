using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

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

    /// <summary>
    /// Runs <paramref name="earlier"/> again from the template of the ReplicaSet that ran it (the configuration it ran with,
    /// as <c>kubectl rollout undo --to-revision</c>) and waits for that rollout; a Deployment that has no ReplicaSet of that
    /// image left (or no Deployment) gets it deployed anew.
    /// </summary>
    public static async Task RollBackAsync(ChainContext ctx, DeployInput earlier, KubernetesModeSpec mode, CancellationToken ct = default)
    {
        var (ns, name, image) = (mode.Namespace, earlier.Service, earlier.ImageText);
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        var undo = await new KubernetesDeployer(client, mode.Context, ctx.Log).ReadOrNullAsync(ns, name, ct) is not null
            ? await new RolloutUndo(client, mode.Context).UndoAsync(ns, name, ct, toImage: image)
            : null;
        if (undo is null)
        {
            ctx.Log.Info($"[{name}] no earlier ReplicaSet of Deployment {ns}/{name} runs {image}: deploying it anew");
            await RunAsync(ctx, earlier, mode, ct);
            return;
        }
        ctx.Log.Warn($"[{name}] rolled Deployment {ns}/{name} back to the template of revision {undo.Revision} (image {undo.Image})");
        var (end, message) = await new RolloutWaiter(client, mode.Context, ctx.Log, PollInterval)
            .WaitAsync(ns, name, TimeSpan.FromSeconds(mode.RolloutTimeoutSeconds), $"[{name}] ", ct);
        if (end != RolloutEnd.RolledOut)
            throw new SlipwayException($"The rollback of Deployment {ns}/{name} (context {mode.Context}) to revision {undo.Revision} (image {image}) " +
                                       $"did not roll out: {message}. Fix: check the namespace now (kubectl -n {ns} describe pods -l {SlipwayLabels.App}={name}).");
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
