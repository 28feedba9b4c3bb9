using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Locking;

namespace Slipway.Releases;

/// <summary>
/// Prune: removes from the context's environment what Slipway deployed there for services the catalog no longer enables
/// there (as Status lists them), each under the deploy locks of its service, through the environment's deploy mode, and
/// recorded in the ledger as a prune. A dry run lists the strays and how each would go, touching nothing.
/// </summary>
public static class Prune
{
    /// <summary>Removes (or in a dry run describes removing) the environment's strays; returns them.</summary>
    /// <param name="timeout">How long each live target gets to answer the listing.</param>
    /// <exception cref="SlipwayException">A target could not be listed (then nothing is removed), or a removal failed.</exception>
    public static async Task<IReadOnlyList<Stray>> RunAsync(ChainContext ctx, TimeSpan timeout, CancellationToken ct = default)
    {
        var env = ctx.Environment;
        StrayListing listing;
        using (var live = new LiveState(ctx, timeout)) listing = await live.StraysAsync(env, ct);
        if (listing.Unread.Count > 0)
            throw SlipwayException.Input($"Prune of '{env}'", $"cannot list every target ({string.Join("; ", listing.Unread)}), so nothing was removed",
                "make the targets reachable (or raise --status-timeout), then run Prune again");

        // Containers of environments the catalog no longer has are removed by hand: no --env names them.
        foreach (var other in listing.Strays.Where(s => s.Environment != env))
            ctx.Log.Info($"not pruned, not of '{env}': {other.Describe()}");
        var strays = listing.Strays.Where(s => s.Environment == env).ToList();
        if (strays.Count == 0)
        {
            ctx.Log.Info($"nothing to prune in '{env}': its targets run only services the catalog enables there");
            return strays;
        }
        ctx.Log.Info($"{(ctx.DryRun ? "would remove" : "removing")} {strays.Count} stray(s) from '{env}':");
        var mode = DeployModes.Of(ctx);
        foreach (var stray in strays)
        {
            ctx.Log.Info($"[{stray.Service}] {stray.What} on {stray.Where}: {stray.Reason}");
            if (ctx.DryRun) ctx.Log.Info($"  {DeployLocks.Describe(ctx, stray.Service, NoTargetLocks)}");
            Func<Task> step = ctx.DryRun ? () => { mode.DescribeStrayRemoval(ctx, stray); return Task.CompletedTask; } : () => mode.RemoveStrayAsync(ctx, stray, ct);
            await using var _ = ctx.DryRun ? null : await DeployLocks.AcquireAsync(ctx, stray.Service, $"prune of {stray.What}", NoTargetLocks, ct);
            await ChainLedger.RecordAsync(ctx, result => EntryFor(stray, result), step, ct: ct);
        }
        return strays;
    }

    // A stray's service is not deployed there any more (the catalog no longer enables it), so no deploy competes for its
    // targets: the state folder's lock and the shared lease suffice.
    private static readonly IReadOnlyList<ITargetLock> NoTargetLocks = [];

    private static LedgerEntry EntryFor(Stray stray, string result) => new()
    {
        Service = stray.Service,
        Environment = stray.Environment,
        Action = LedgerActions.Prune,
        Result = result,
        Message = $"removed {stray.What} on {stray.Where}: {stray.Reason}",
    };
}
