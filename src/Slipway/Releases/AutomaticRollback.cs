using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Verification;

namespace Slipway.Releases;

/// <summary>
/// After a deploy failed verification (or a later wave failed): what ran before on each target (the last successful deploy
/// or rollback the ledger shows reaching it) runs again through the mode's rollback, is verified as every rollback is, and is
/// recorded as a rollback (a rollback that fails verification too is recorded so, not undone). Runs under the deploy's locks.
/// </summary>
public static class AutomaticRollback
{
    /// <summary>Rolls back when it can; returns the error the run fails with, saying what runs now.</summary>
    public static async Task<SlipwayException> RunAsync(ChainContext ctx, IDeployMode mode, DeployInput failed, VerificationFailedException failure, CancellationToken ct)
    {
        var history = await ReleaseLedgers.For(ctx, ctx.Environment).HistoryAsync(failed.Service, ctx.Environment, ct);
        var (outcome, error) = await RestoreAsync(ctx, mode, failed, history,
            $"the failed verification of {failed.Tag} ({Digests.Short(failed.DigestText)})", ct);
        return new($"{failure.Summary} {outcome} {VerificationFailedException.Fix}", error ?? failure);
    }

    /// <summary>
    /// Runs again, on each of <paramref name="failed"/>'s targets, what <paramref name="history"/> (the service's ledger entries
    /// here, oldest first) says ran there before; targets that ran the same image share one rollback.
    /// </summary>
    /// <param name="why">Why, for the ledger's message: "automatic, after ...".</param>
    /// <returns>What runs now, in sentences; the first rollback's error when one failed.</returns>
    public static async Task<(string Outcome, Exception? Error)> RestoreAsync(ChainContext ctx, IDeployMode mode, DeployInput failed,
        IReadOnlyList<LedgerEntry> history, string why, CancellationToken ct)
    {
        var groups = failed.Targets is null
            ? [(Previous: history.LatestDeploy(), Targets: (IReadOnlyList<string>?)null)]
            : failed.Targets.GroupBy(t => history.LatestDeploy(t))
                .Select(g => (Previous: g.Key, Targets: (IReadOnlyList<string>?)g.ToList())).ToList();
        var sentences = new List<string>();
        Exception? firstError = null;
        foreach (var (previous, targets) in groups)
        {
            var on = targets is null ? "" : $" on {string.Join(", ", targets)}";
            var notRolledBack = previous switch
            {
                null => $"Nothing was rolled back{on}: the ledger shows nothing deployed there before, so the new version keeps running.",
                { Digest: null } => $"Nothing was rolled back{on}: what ran before ({previous.Tag}) was delivered over SSH, not through the registry; deploy it again to go back.",
                _ when previous.Digest == failed.Digest?.Value => $"Nothing was rolled back{on}: this digest already ran there before this deploy.",
                _ => null,
            };
            if (notRolledBack is not null) { sentences.Add(notRolledBack); continue; }

            var earlier = new DeployInput
            {
                Settings = failed.Settings, Tag = previous!.Tag, Commit = previous.Commit,
                Digest = Digest.Parse(previous.Digest!, "the release ledger"), Targets = targets,
            };
            ctx.Log.Warn($"[{failed.Service}] {ctx.Environment}: rolling back{on} automatically to {previous.Tag} ({Digests.Short(previous.Digest)})");
            try
            {
                var verification = await Rollout.DeployAndVerifyAsync(ctx, mode, earlier, LedgerActions.Rollback, ct, $"automatic, after {why}");
                sentences.Add($"Rolled back automatically{on}: {previous.Tag} ({Digests.Short(previous.Digest)}) runs again" +
                              (verification is null ? "." : " and verified."));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sentences.Add($"The automatic rollback{on} to {previous.Tag} ({Digests.Short(previous.Digest)}) failed too: {e.Message.TrimEnd('.')}.");
                firstError ??= e;
            }
        }
        return (string.Join(" ", sentences), firstError);
    }
}
