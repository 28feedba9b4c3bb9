using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Locking;

namespace Slipway.Releases;

/// <summary>
/// One deploy of a service in the context's environment, as Deploy, Promote and Rollback all make it: the deploy locks
/// (<see cref="DeployLocks"/>: this state folder's, the shared environment's, the mode's locks on its targets), the
/// environment's deploy mode, and the ledger entry (succeeded or failed). A dry run takes no lock and prints the plan.
/// </summary>
public static class Rollout
{
    public static async Task RunAsync(ChainContext ctx, DeployInput input, string action, CancellationToken ct = default)
    {
        var mode = DeployModes.Of(ctx);
        Func<Task> step = ctx.DryRun ? () => mode.DescribeAsync(ctx, input, ct)
            : action == LedgerActions.Rollback ? () => mode.RollBackAsync(ctx, input, ct)
            : () => mode.DeployAsync(ctx, input, ct);
        var targetLocks = mode.TargetLocks(ctx, input);
        if (ctx.DryRun) ctx.Log.Info($"[{input.Service}] {DeployLocks.Describe(ctx, input.Service, targetLocks)}");
        await using var _ = ctx.DryRun ? null
            : await DeployLocks.AcquireAsync(ctx, input.Service, $"{action} of {input.Tag ?? input.Digest?.Value}", targetLocks, ct);
        await ChainLedger.RecordAsync(ctx, result => ChainLedger.EntryFor(ctx, input, action, result), step, ct: ct);
    }
}
