using Slipway.Chain;

namespace Slipway.Releases;

/// <summary>Ledger recording around a chain step: one entry when the step succeeds, one when it fails (then the failure is rethrown).</summary>
public static class ChainLedger
{
    /// <summary>
    /// Runs <paramref name="step"/> and records <paramref name="action"/> for <paramref name="run"/> in the context's environment.
    /// Nothing is recorded when <paramref name="recordWhen"/> says the step had nothing to do (dry runs log what they would record).
    /// </summary>
    public static async Task RecordAsync(ChainContext ctx, ServiceRun run, string action, Func<Task> step,
        Func<bool>? recordWhen = null, CancellationToken ct = default)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ctx.DryRun && (recordWhen?.Invoke() ?? true))
        {
            await ReleaseLedgers.RecordFailureAsync(ctx, EntryFor(ctx, run, action, LedgerEntry.Failed), ex);
            throw;
        }
        if (recordWhen?.Invoke() ?? true)
            await ReleaseLedgers.RecordAsync(ctx, EntryFor(ctx, run, action, LedgerEntry.Succeeded), ct);
    }

    /// <summary>The entry describing <paramref name="run"/> in the context's environment.</summary>
    public static LedgerEntry EntryFor(ChainContext ctx, ServiceRun run, string action, string result) => new()
    {
        Service = run.Service,
        Environment = ctx.Environment,
        Action = action,
        Tag = run.Tag,
        Digest = run.Digest,
        Commit = run.Checkout?.Sha,
        Result = result,
        Message = run.Delivery,
    };
}
