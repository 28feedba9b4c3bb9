using Slipway.Chain;
using Slipway.Deploy;

namespace Slipway.Releases;

/// <summary>Ledger recording around a chain step: one entry when the step succeeds, one when it fails (then the failure is rethrown).</summary>
public static class ChainLedger
{
    /// <summary>
    /// Runs <paramref name="step"/> and records the entry <paramref name="entryFor"/> makes for the result (read after the step,
    /// so what the step learned is in it). Nothing is recorded when <paramref name="recordWhen"/> says the step had nothing
    /// to do (dry runs log what they would record).
    /// </summary>
    public static async Task RecordAsync(ChainContext ctx, Func<string, LedgerEntry> entryFor, Func<Task> step,
        Func<bool>? recordWhen = null, CancellationToken ct = default)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ctx.DryRun && (recordWhen?.Invoke() ?? true))
        {
            await ReleaseLedgers.RecordFailureAsync(ctx, entryFor(LedgerEntry.Failed), ex);
            throw;
        }
        if (recordWhen?.Invoke() ?? true)
            await ReleaseLedgers.RecordAsync(ctx, entryFor(LedgerEntry.Succeeded), ct);
    }

    /// <summary>The entry describing <paramref name="run"/> in the context's environment.</summary>
    public static LedgerEntry EntryFor(ChainContext ctx, ServiceRun run, string action, string result) => new()
    {
        Service = run.Service,
        Environment = ctx.Environment,
        Action = action,
        Tag = run.Tag,
        Digest = run.Digest?.Value,
        Commit = run.Checkout?.Sha,
        Result = result,
    };

    /// <summary>The entry describing a deploy of <paramref name="input"/> in the context's environment.</summary>
    public static LedgerEntry EntryFor(ChainContext ctx, DeployInput input, string action, string result) => new()
    {
        Service = input.Service,
        Environment = ctx.Environment,
        Action = action,
        Tag = input.Tag,
        Digest = input.Digest?.Value,
        Commit = input.Commit,
        Result = result,
        Message = input.Delivery.Describe(input.Settings.RegistryHost),
        Delivery = input.Delivery.LedgerName,
        ImageId = input.Delivery.ImageId?.ToString(),
        Targets = input.Targets,
    };
}
