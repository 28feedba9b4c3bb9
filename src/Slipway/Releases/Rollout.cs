using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Signing;

namespace Slipway.Releases;

/// <summary>
/// One deploy of a service in the context's environment, as Deploy, Promote and Rollback all make it: the deploy locks
/// (<see cref="DeployLocks"/>: this state folder's, the shared environment's, the mode's locks on its targets), the intent
/// journaled, the environment's deploy mode, and the ledger entry (succeeded or failed). A dry run takes no lock and
/// prints the plan.
/// </summary>
public static class Rollout
{
    /// <param name="gates">The release gates' check (Gates.ReleaseGates), run under the deploy locks before anything is journaled.</param>
    public static async Task RunAsync(ChainContext ctx, DeployInput input, string action, CancellationToken ct = default, Func<Task>? gates = null)
    {
        var mode = DeployModes.Of(ctx);
        var targetLocks = mode.TargetLocks(ctx, input);
        await ImageSigning.RequireAsync(ctx, input.Settings, input.Digest, action, ct);
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{input.Service}] {DeployLocks.Describe(ctx, input.Service, targetLocks)}");
            if (gates is not null) await gates();
            await ChainLedger.RecordAsync(ctx, result => ChainLedger.EntryFor(ctx, input, action, result), () => mode.DescribeAsync(ctx, input, ct), ct: ct);
            return;
        }
        await using var _ = await DeployLocks.AcquireAsync(ctx, input.Service, $"{action} of {input.Tag ?? input.Digest?.Value}", targetLocks, ct);
        if (gates is not null) await gates();
        var journal = new DeployJournal(ctx, input.Service);
        input = input with { AfterInterruptedRun = await journal.BeginAsync(ChainLedger.EntryFor(ctx, input, action, LedgerEntry.Failed), ct) };
        Func<Task> step = action == LedgerActions.Rollback ? () => mode.RollBackAsync(ctx, input, ct) : () => mode.DeployAsync(ctx, input, ct);
        CrashPoints.Reach("journaled");
        try
        {
            await ChainLedger.RecordAsync(ctx, result => ChainLedger.EntryFor(ctx, input, action, result), async () =>
            {
                await step();
                CrashPoints.Reach("deployed");
            }, ct: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ledger has the failure. (A cancelled run recorded nothing: its intent stays, for the next run to record.)
            journal.End();
            throw;
        }
        journal.End();
    }
}
