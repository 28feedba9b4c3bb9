using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Releases;

/// <summary>Opens the ledger an environment records to, and records entries (or, in a dry run, says what it would record).</summary>
public static class ReleaseLedgers
{
    /// <summary>
    /// The ledger of <paramref name="environment"/>: its catalog <c>ledger</c> git repository, else the local file
    /// <c>&lt;state&gt;/ledger/&lt;environment&gt;.jsonl</c>.
    /// </summary>
    public static IReleaseLedger For(ChainContext ctx, string environment)
    {
        var spec = ctx.Catalog.GetEnvironment(environment).Ledger;
        return spec is null
            ? new FileLedger(ctx.Paths.Ledger)
            : new GitLedger(ctx.ResolveAgainstCatalog(spec.Repository), spec.Branch, Path.Combine(ctx.Paths.Root, "ledger-clones"));
    }

    /// <summary>
    /// Every entry of <paramref name="environment"/>, or null in a dry run whose ledger is a git repository (a dry run never
    /// fetches one into the state folder).
    /// </summary>
    public static async Task<IReadOnlyList<LedgerEntry>?> ReadUnlessDryRunFetchAsync(ChainContext ctx, string environment, CancellationToken ct = default)
    {
        var ledger = For(ctx, environment);
        return ctx.DryRun && ledger is not FileLedger ? null : await ledger.ReadAsync(environment, ct);
    }

    /// <summary>Appends <paramref name="entry"/> to its environment's ledger; in a dry run only logs it.</summary>
    public static async Task RecordAsync(ChainContext ctx, LedgerEntry entry, CancellationToken ct = default)
    {
        var ledger = For(ctx, entry.Environment);
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{entry.Service}] would record in the release ledger {ledger.Location}: {entry.ToJsonLine()}");
            return;
        }
        await ledger.AppendAsync(entry, ct);
        ctx.Log.Detail($"[{entry.Service}] recorded {entry.Action} {entry.Result} in the release ledger {ledger.Location}");
    }

    /// <summary>
    /// Records a failed action without hiding the failure that caused it: a ledger problem at that point is logged, not thrown.
    /// </summary>
    public static async Task RecordFailureAsync(ChainContext ctx, LedgerEntry entry, Exception failure)
    {
        try
        {
            await RecordAsync(ctx, entry with { Result = LedgerEntry.Failed, Message = failure.Message }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            ctx.Log.Warn($"[{entry.Service}] could not record the failed {entry.Action} in the release ledger: {ex.Message}");
        }
    }
}
