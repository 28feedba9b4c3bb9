using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Releases;

/// <summary><c>./build.sh VerifyLedger --env E</c>: checks the hash chain of an environment's release ledger.</summary>
public static class LedgerVerification
{
    /// <summary>Logs that the chain holds, or throws naming the first broken or missing line and what was expected there.</summary>
    public static async Task VerifyAsync(ChainContext ctx, string environment, CancellationToken ct = default)
    {
        var ledger = ReleaseLedgers.For(ctx, environment);
        if (ctx.DryRun && ledger is not FileLedger)
        {
            ctx.Log.Info($"would fetch the release ledger {ledger.Location} and verify the hash chain of '{environment}'");
            return;
        }
        var lines = await ledger.ReadLinesAsync(environment, ct);
        if (LedgerChain.Verify(lines) is { } broken)
            throw new SlipwayException($"Release ledger of '{environment}' ({ledger.Location}): the hash chain breaks at line {broken.Line}: " +
                                       $"{broken.Problem}. Fix: compare that line with a copy you trust (for a git ledger: git log -p " +
                                       $"{environment}.jsonl); nothing trusts the entries from line {broken.Line} on until it is explained");
        var unchained = lines.TakeWhile(l => LedgerEntry.FromJsonLine(l)?.Previous is null).Count();
        ctx.Log.Info($"Release ledger of '{environment}' ({ledger.Location}): {lines.Count} lines, the hash chain holds" +
                     (unchained == 0 ? "" : $" (the first {unchained} predate the chain and carry no hash)"));
    }
}
