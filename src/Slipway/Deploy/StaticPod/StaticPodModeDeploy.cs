using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.StaticPod;

/// <summary>Deploy in mode static-pod: Pod manifests committed node by node, or in a dry run the exact YAML and git calls.</summary>
public static class StaticPodModeDeploy
{
    /// <summary>Commits and pushes the service's Pod for each node; returns what each node got.</summary>
    public static async Task<IReadOnlyList<NodeDeployResult>> RunAsync(ChainContext ctx, DeployInput input, StaticPodModeSpec mode, CancellationToken ct)
    {
        input.RequireDigest();
        var repository = Repository(ctx, input.Service, mode);
        var deployer = new StaticPodDeployer(repository, ctx.Log)
        {
            HealthTimeout = TimeSpan.FromSeconds(input.Settings.HealthTimeoutSeconds),
            ArtifactsDirectory = ctx.Paths.EnvironmentArtifacts(ctx.Environment),
            AfterInterruptedRun = input.AfterInterruptedRun,
        };
        return await deployer.DeployAsync(mode.Nodes.Where(n => input.Covers(n.Name)).ToList(), node => Inputs(input, node), ct);
    }

    /// <summary>
    /// The working copy of <paramref name="service"/>'s manifests: one per environment and service, as services deploy
    /// concurrently and must not share an index.
    /// </summary>
    internal static ManifestRepository Repository(ChainContext ctx, string service, StaticPodModeSpec mode) =>
        new(ctx.ResolveAgainstCatalog(mode.Repository), mode.Branch, Path.Combine(ctx.Paths.Manifests(ctx.Environment), service), ctx.Log);

    private static PodInputs Inputs(DeployInput input, StaticPodNodeSpec node) =>
        PodInputs.From(input, node.Address);

    /// <summary>Dry run: the manifest of every node, the git calls and the health checks, with no git call made.</summary>
    public static void Describe(ChainContext ctx, DeployInput input, StaticPodModeSpec mode)
    {
        var repository = Repository(ctx, input.Service, mode);
        ctx.Log.Info($"[{input.Service}] would commit a Pod manifest per node to {repository.Url} branch {repository.Branch}, " +
                     $"one node at a time, working copy {repository.WorkDir}:");
        foreach (var line in repository.DescribeSync()) ctx.Log.Info("    " + line);
        foreach (var node in mode.Nodes.Where(n => input.Covers(n.Name)))
        {
            var pod = Inputs(input, node);
            var path = StaticPodDeployer.ManifestPath(node.Name, input.Service);
            var yaml = StaticPodRenderer.RenderYaml(pod);
            ctx.Log.Info($"  node '{node.Name}': {path} (no commit when the file already has this content):");
            foreach (var line in LineDiff.Lines(yaml)) ctx.Log.Info("      " + line);
            foreach (var line in repository.DescribeChange(path, StaticPodDeployer.CommitMessage(pod, node.Name, repository.Actor)))
                ctx.Log.Info("    " + line);
            ctx.Log.Info(node.Address is null
                ? "    no health check: the catalog gives this node no address"
                : $"    then GET http://{node.Address}:{pod.Port}{pod.HealthPath} until 200 within {input.Settings.HealthTimeoutSeconds}s; " +
                  "on failure commit the previous manifest back, push, and stop the rollout");
            ctx.Log.Info($"    would write the manifest to {Path.Combine(ctx.Paths.EnvironmentArtifacts(ctx.Environment), path)}");
            if (ctx.DryRunDiff) DescribeDiff(ctx, repository, path, yaml);
        }
        if (!ctx.DryRunDiff) ctx.Log.Info("  (no git call made; --dry-run-diff also compares with the last fetched working copy, without fetching)");
    }

    // Reads the local working copy only: a dry run does not fetch.
    private static void DescribeDiff(ChainContext ctx, ManifestRepository repository, string path, string yaml)
    {
        if (!Directory.Exists(Path.Combine(repository.WorkDir, ".git")))
        {
            ctx.Log.Info("    diff: no working copy yet (never deployed from this machine): nothing to compare with");
            return;
        }
        var current = repository.Read(path);
        if (current is null) { ctx.Log.Info($"    diff: {path} is new in the last fetched copy"); return; }
        var diff = LineDiff.Compare(LineDiff.Lines(current), LineDiff.Lines(yaml));
        if (diff.Count == 0) { ctx.Log.Info($"    diff: {path} already has exactly this content (as last fetched)"); return; }
        ctx.Log.Info($"    diff against {path} as last fetched (- now, + would be):");
        foreach (var line in diff) ctx.Log.Info("      " + line);
    }
}
