using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Releases;

namespace Slipway.Pipeline;

/// <summary>Deploy: run the pushed digest in the environment through its deploy mode.</summary>
public static class DeployStep
{
    /// <summary>
    /// Deploys one service to <see cref="ChainContext.Environment"/> (a dry run prints the exact plan instead) and
    /// records the deploy, succeeded or failed, in the environment's release ledger.
    /// </summary>
    public static Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default) =>
        RunAsync(ctx, run, LedgerActions.Deploy, ct);

    /// <summary>Deploys as <see cref="RunAsync(ChainContext, ServiceRun, CancellationToken)"/> does, recorded as <paramref name="action"/> (e.g. rollback).</summary>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, string action, CancellationToken ct = default)
    {
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{run.Service}] {DeployLocks.Describe(ctx, run.Service)}");
            await ChainLedger.RecordAsync(ctx, run, action, () => DeployAsync(ctx, run, ct), ct: ct);
            return;
        }
        await using var _ = await DeployLocks.AcquireAsync(ctx, run.Service, $"{action} of {run.Tag ?? run.Digest}", ct);
        await ChainLedger.RecordAsync(ctx, run, action, () => DeployAsync(ctx, run, ct), ct: ct);
    }

    private static async Task DeployAsync(ChainContext ctx, ServiceRun run, CancellationToken ct)
    {
        var env = ctx.Catalog.Environments[ctx.Environment];
        switch (env.Mode)
        {
            case "docker":
                await DockerModeDeploy.RunAsync(ctx, run, env.Docker!, ct);
                break;
            case "static-pod":
                await StaticPodModeDeploy.RunAsync(ctx, run, env.StaticPod!, ct);
                break;
            case "kubernetes":
                await KubernetesDeployStep.RunAsync(ctx, run, env.Kubernetes!, ct);
                break;
            default:
                throw new SlipwayException($"Environment '{ctx.Environment}' has deploy mode '{env.Mode}'. " +
                                           "Fix: use docker, static-pod or kubernetes in the catalog.");
        }
    }
}
