using Slipway.Chain;

namespace Slipway.Releases.Gates;

/// <summary>An emergency freeze of an environment: who froze it, when and why.</summary>
public sealed record Freeze(string Environment, string Actor, DateTimeOffset Time, string Reason);

/// <summary>
/// Freezes live in the environment's release ledger as <c>freeze</c>/<c>unfreeze</c> entries of service <c>*</c>: the latest one
/// decides. A frozen environment takes no deploy, promotion or rollback until it is unfrozen.
/// </summary>
public static class Freezes
{
    public const string AllServices = "*";

    /// <summary>The freeze in force in <paramref name="environment"/>, or null.</summary>
    public static Freeze? Current(IEnumerable<LedgerEntry> entries, string environment)
    {
        var last = entries.LastOrDefault(e => e.Service == AllServices && e.Action is LedgerActions.Freeze or LedgerActions.Unfreeze);
        return last is { Action: LedgerActions.Freeze } ? new Freeze(environment, last.Actor, last.Time, last.Message ?? "") : null;
    }

    public static async Task<Freeze?> CurrentAsync(ChainContext ctx, string environment, CancellationToken ct = default) =>
        Current(await ReleaseLedgers.For(ctx, environment).ReadAsync(environment, ct), environment);

    /// <summary>Freezes the context's environment (recorded with the actor and the reason); a dry run only says so.</summary>
    public static async Task FreezeAsync(ChainContext ctx, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw Diagnostics.SlipwayException.Input("--reason", "is empty", "say why, e.g. --reason \"incident 4711: payments degraded\"");
        if (await CurrentAsync(ctx, ctx.Environment, ct) is { } current)
            throw new Diagnostics.SlipwayException($"'{ctx.Environment}' is already frozen by {current.Actor} since {current.Time:u}: {current.Reason}. " +
                                                   $"Fix: nothing to do; ./build.sh Unfreeze --env {ctx.Environment} ends it");
        await RecordAsync(ctx, LedgerActions.Freeze, reason, ct);
    }

    public static async Task UnfreezeAsync(ChainContext ctx, string? reason, CancellationToken ct = default)
    {
        if (await CurrentAsync(ctx, ctx.Environment, ct) is null)
            throw new Diagnostics.SlipwayException($"'{ctx.Environment}' is not frozen. Fix: nothing to do");
        await RecordAsync(ctx, LedgerActions.Unfreeze, reason, ct);
    }

    private static async Task RecordAsync(ChainContext ctx, string action, string? reason, CancellationToken ct)
    {
        if (ctx.DryRun)
        {
            ctx.Log.Info($"would record '{action}' of '{ctx.Environment}' by {Actor.Current} in {ReleaseLedgers.For(ctx, ctx.Environment).Location}" +
                         (reason is null ? "" : $": {reason}"));
            return;
        }
        await ReleaseLedgers.For(ctx, ctx.Environment).AppendAsync(new LedgerEntry
        {
            Service = AllServices, Environment = ctx.Environment, Action = action, Result = LedgerEntry.Succeeded,
            Message = reason, Time = ctx.Clock.GetUtcNow(),
        }, ct);
        ctx.Log.Info($"'{ctx.Environment}' {(action == LedgerActions.Freeze ? "frozen" : "unfrozen")} by {Actor.Current}" + (reason is null ? "" : $": {reason}"));
    }
}
