using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Signing;
using Slipway.Verification;

namespace Slipway.Releases;

/// <summary>
/// One deploy of a service in the context's environment, as Deploy, Promote and Rollback all make it: the deploy locks
/// (<see cref="DeployLocks"/>: this state folder's, the shared environment's, the mode's locks on its targets), the intent
/// journaled, the environment's deploy mode, the catalog's verification (a failed one rolls back to what ran before), and the
/// ledger entry (succeeded or failed, with the verification's verdict). With catalog <c>waves</c>, a deploy or promotion rolls
/// wave by wave (<see cref="WaveRollout"/>); a rollback goes to every target at once. A dry run takes no lock and prints the plan.
/// </summary>
public static class Rollout
{
    /// <param name="gates">The release gates' check (Gates.ReleaseGates), run under the deploy locks before anything is journaled.</param>
    /// <returns>How the catalog's verification went after the deploy; null when there was none (or in a dry run).</returns>
    public static async Task<VerificationOutcome?> RunAsync(ChainContext ctx, DeployInput input, string action, CancellationToken ct = default, Func<Task>? gates = null)
    {
        var mode = DeployModes.Of(ctx);
        var targetLocks = mode.TargetLocks(ctx, input);
        var waves = WaveRollout.PlanFor(ctx, action);
        await ImageSigning.RequireAsync(ctx, input.Settings, input.Digest, action, ct);
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{input.Service}] {DeployLocks.Describe(ctx, input.Service, targetLocks)}");
            if (gates is not null) await gates();
            if (waves is not null) { await WaveRollout.DescribeAsync(ctx, mode, input, waves, ct); return null; }
            await ChainLedger.RecordAsync(ctx, result => ChainLedger.EntryFor(ctx, input, action, result), () => mode.DescribeAsync(ctx, input, ct), ct: ct);
            await PostDeployVerification.DescribeAsync(ctx, mode, input, ct);
            return null;
        }
        await using var _ = await DeployLocks.AcquireAsync(ctx, input.Service, $"{action} of {input.Tag ?? input.Digest?.Value}", targetLocks, ct);
        if (gates is not null) await gates();
        var journal = new DeployJournal(ctx, input.Service);
        input = input with { AfterInterruptedRun = await journal.BeginAsync(ChainLedger.EntryFor(ctx, input, action, LedgerEntry.Failed), ct) };
        CrashPoints.Reach("journaled");
        try
        {
            var verification = waves is null
                ? await DeployAndVerifyAsync(ctx, mode, input, action, ct)
                : await WaveRollout.RunAsync(ctx, mode, input, waves, wave => DeployAndVerifyAsync(ctx, mode, wave, action, ct), ct);
            journal.End();
            return verification;
        }
        // A rollback that fails verification is not undone: what ran before it is what it was meant to replace.
        catch (VerificationFailedException failed) when (action != LedgerActions.Rollback && waves is null)
        {
            var error = await AutomaticRollback.RunAsync(ctx, mode, input, failed, ct);
            journal.End();
            throw error;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ledger has the failure. (A cancelled run recorded nothing: its intent stays, for the next run to record.)
            journal.End();
            throw;
        }
    }

    /// <summary>
    /// The mode's deploy (or rollback) of <paramref name="input"/>, then the verification; one ledger entry with the verdict.
    /// Throws <see cref="VerificationFailedException"/> when the verification failed (the entry says so); undoes nothing.
    /// </summary>
    /// <param name="message">The ledger entry's message, e.g. why an automatic rollback ran.</param>
    public static async Task<VerificationOutcome?> DeployAndVerifyAsync(ChainContext ctx, IDeployMode mode, DeployInput input, string action,
        CancellationToken ct, string? message = null)
    {
        Func<Task> step = action == LedgerActions.Rollback ? () => mode.RollBackAsync(ctx, input, ct) : () => mode.DeployAsync(ctx, input, ct);
        VerificationOutcome? verification = null;
        LedgerEntry Entry(string result)
        {
            var entry = ChainLedger.EntryFor(ctx, input, action, result);
            return message is null ? entry : entry with { Message = message };
        }
        await ChainLedger.RecordAsync(ctx, result => PostDeployVerification.WithVerification(Entry(result), verification), async () =>
        {
            await step();
            CrashPoints.Reach("deployed");
            try { verification = await PostDeployVerification.RunAsync(ctx, mode, input, action, ct); }
            catch (VerificationFailedException failed) { verification = failed.Outcome; throw; }
        }, ct: ct);
        return verification;
    }
}
