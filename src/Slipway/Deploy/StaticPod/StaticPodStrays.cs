using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.StaticPod;

/// <summary>
/// Committed manifests <c>&lt;node&gt;/&lt;service&gt;.yaml</c> under the environment's nodes for services the catalog does not
/// enable there; removed with a commit that deletes the file, pushed as a deploy's commit is.
/// </summary>
internal static class StaticPodStrays
{
    /// <summary>The strays among the branch's <paramref name="files"/>; other nodes' folders are left alone (they may be another environment's).</summary>
    public static IEnumerable<Stray> Among(IEnumerable<string> files, StaticPodModeSpec mode, string environment,
        IReadOnlyCollection<string> enabledServices, Catalog.Catalog catalog)
    {
        var nodes = mode.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var path in files.Order(StringComparer.Ordinal))
        {
            var parts = path.Split('/');
            if (parts.Length != 2 || !nodes.Contains(parts[0]) || !parts[1].EndsWith(".yaml", StringComparison.Ordinal)) continue;
            var service = parts[1][..^".yaml".Length];
            if (enabledServices.Contains(service)) continue;
            yield return new Stray
            {
                Environment = environment, Service = service, Where = $"node '{parts[0]}'", What = $"manifest {path}",
                TargetName = parts[0], ObjectName = path, Reason = Stray.ReasonFor(catalog, service, environment),
                RemoveCommand = Stray.PruneCommand(environment),
            };
        }
    }

    public static void Describe(ChainContext ctx, Stray stray)
    {
        var repository = StaticPodModeDeploy.Repository(ctx, stray.Service, ctx.Target.Spec.StaticPod!);
        ctx.Log.Info($"  would delete {stray.ObjectName} from {repository.Url} branch {repository.Branch}, working copy {repository.WorkDir}:");
        foreach (var line in repository.DescribeSync()) ctx.Log.Info("    " + line);
        foreach (var line in repository.DescribeDeletion(stray.ObjectName, CommitMessage(stray, repository.Actor))) ctx.Log.Info("    " + line);
    }

    /// <summary>Syncs the service's working copy, deletes the manifest in one commit and pushes it (nothing when it is already gone).</summary>
    public static async Task RemoveAsync(ChainContext ctx, Stray stray, CancellationToken ct)
    {
        var repository = StaticPodModeDeploy.Repository(ctx, stray.Service, ctx.Target.Spec.StaticPod!);
        await repository.SyncAsync(ct);
        if (repository.Read(stray.ObjectName) is null)
        {
            ctx.Log.Info($"[{stray.Service}] {stray.ObjectName} is already gone from {repository.Url} {repository.Branch}");
            return;
        }
        await repository.CommitAsync(stray.ObjectName, null, CommitMessage(stray, repository.Actor), ct);
        var pushed = await repository.PushAsync(ct);
        ctx.Log.Info($"[{stray.Service}] deleted {stray.ObjectName} ({pushed[..12]}) from {repository.Url} {repository.Branch}");
    }

    private static string CommitMessage(Stray stray, string actor) =>
        $"Prune {stray.Service} from {stray.TargetName} ({stray.Environment})\n\n{stray.Reason}\nby: {actor}\n";
}
