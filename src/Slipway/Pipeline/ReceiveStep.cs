using Slipway.Chain;
using Slipway.Releases;

namespace Slipway.Pipeline;

/// <summary>
/// Deploy into a receiving stage (an environment with <c>promoteFrom</c>): the checked-out commit's existing image, found in the
/// predecessor (<see cref="CommitImageLocator"/>), is promoted unchanged into the environment's registry and deployed by digest.
/// Nothing is built or pushed; a refusal names the predecessor, what it runs, and the command that would do it.
/// </summary>
public static class ReceiveStep
{
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, bool force, CancellationToken ct = default)
    {
        var predecessor = ReceivingStage.PredecessorOf(ctx.Catalog, ctx.Environment)!;
        var commit = run.Checkout?.Sha ?? ctx.Commit;
        if (commit is null)
        {
            // Only a dry run gets here: it does not check out, so the branch tip's commit is unknown.
            using var predecessorCtx = ctx.ForEnvironment(predecessor);
            var running = await CommitImageLocator.TryLocateRunningAsync(predecessorCtx, run.Service, predecessor, ct);
            ctx.Log.Info($"[{run.Service}] '{ctx.Environment}' receives images from '{predecessor}' and never builds: a real run deploys the " +
                         $"branch tip's image only if '{predecessor}' runs or ran that commit, else it refuses. " + (running is null
                             ? $"'{predecessor}' runs nothing of {run.Service} now (pass --commit to see the decision for one commit)"
                             : $"'{predecessor}' runs {running.DigestText} (commit {running.Commit ?? "unknown"}; {running.Evidence}); " +
                               $"./build.sh Promote --service {run.Service} --from {predecessor} --to {ctx.Environment} promotes exactly that; " +
                               "if that is the branch tip's commit, it is copied into this environment's registry as Promote does " +
                               "(missing blobs only, same digest) and deployed as follows"));
            if (running is not null) await Rollout.RunAsync(ctx, Promoter.DeployInputFor(ctx, run.Service, running), LedgerActions.Deploy, ct);
            return;
        }

        var found = await CommitImageLocator.LocateAsync(ctx, run.Service, commit, force, ct);
        ctx.Log.Info($"[{run.Service}] '{ctx.Environment}' receives, never builds: commit {found.Image.Commit} is {found.Image.DigestText} " +
                     $"in '{found.Image.Environment}' ({found.Image.Evidence}){(found.Forced ? ", taken with --force" : "")}");
        using var sourceCtx = ctx.ForEnvironment(found.Image.Environment);
        await ManagedRegistries.EnsureAsync(sourceCtx);
        var hop = await Promoter.PromoteAndDeployAsync(sourceCtx, ctx, run.Service, found.Image, found.Forced, ct);
        run.Digest = hop.Digest;
        run.Tag = found.Image.Tag;
    }
}
