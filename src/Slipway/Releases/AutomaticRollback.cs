using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Verification;

namespace Slipway.Releases;

/// <summary>
/// After a deploy failed verification: what ran before (the last successful deploy or rollback the ledger shows here) runs
/// again through the mode's rollback, recorded as a rollback. Runs under the deploy's locks.
/// </summary>
public static class AutomaticRollback
{
    /// <summary>Rolls back when it can; returns the error the run fails with, saying what runs now.</summary>
    public static async Task<SlipwayException> RunAsync(ChainContext ctx, IDeployMode mode, DeployInput failed, VerificationFailedException failure, CancellationToken ct)
    {
        var previous = await ReleaseLedgers.For(ctx, ctx.Environment).LatestDeployAsync(failed.Service, ctx.Environment, ct);
        var notRolledBack = previous switch
        {
            null => "Nothing was rolled back: the ledger shows nothing deployed here before, so the new version keeps running.",
            { Digest: null } => $"Nothing was rolled back: what ran before ({previous.Tag}) was delivered over SSH, not through the registry; deploy it again to go back.",
            _ when previous.Digest == failed.Digest?.Value => "Nothing was rolled back: this digest already ran here before this deploy.",
            _ => null,
        };
        if (notRolledBack is not null) return Failure(failure, notRolledBack);

        var earlier = new DeployInput
        {
            Settings = failed.Settings, Tag = previous!.Tag, Commit = previous.Commit,
            Digest = Digest.Parse(previous.Digest!, "the release ledger"),
        };
        ctx.Log.Warn($"[{failed.Service}] {ctx.Environment}: rolling back automatically to {previous.Tag} ({Digests.Short(previous.Digest)})");
        try
        {
            await ChainLedger.RecordAsync(ctx,
                result => ChainLedger.EntryFor(ctx, earlier, LedgerActions.Rollback, result) with
                {
                    Message = $"automatic, after the failed verification of {failed.Tag} ({Digests.Short(failed.DigestText)})",
                },
                () => mode.RollBackAsync(ctx, earlier, ct), ct: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failure(failure, $"The automatic rollback to {previous.Tag} ({Digests.Short(previous.Digest)}) failed too: {e.Message.TrimEnd('.')}.", e);
        }
        return Failure(failure, $"Rolled back automatically: {previous.Tag} ({Digests.Short(previous.Digest)}) runs again.");
    }

    private static SlipwayException Failure(VerificationFailedException failure, string outcome, Exception? inner = null) =>
        new($"{failure.Summary} {outcome} {VerificationFailedException.Fix}", inner ?? failure);
}
