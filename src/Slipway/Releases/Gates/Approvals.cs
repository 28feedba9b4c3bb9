using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Releases.Gates;

/// <summary>
/// Approvals are ledger entries of the target environment (<c>approve</c>, or <c>approve-override</c> for an --override-gates),
/// each bound to one digest: a new digest needs new approvals. Only the catalog's approvers count, each once.
/// </summary>
public static class Approvals
{
    /// <summary>Whether <paramref name="spec"/> is met for <paramref name="digest"/> when <paramref name="actor"/> runs the promotion.</summary>
    public static GateVerdict Evaluate(IReadOnlyList<LedgerEntry> history, ApprovalsSpec spec, int required, string action, string digest,
        string actor, string gate)
    {
        var approvers = StandingApprovers(history, spec, action, digest);
        var counted = spec.AllowSelfApproval ? approvers : approvers.Where(a => a != actor).ToList();
        var self = approvers.Count != counted.Count ? $"; {actor}'s own approval does not count (approvals.allowSelfApproval is false)" : "";
        return counted.Count >= required
            ? new GateVerdict(gate, true, $"{counted.Count} of {required} needed: {string.Join(", ", counted)}{self}")
            : new GateVerdict(gate, false, $"{counted.Count} of {required} approvals for {digest[..Math.Min(19, digest.Length)]}" +
                                           (counted.Count > 0 ? $" ({string.Join(", ", counted)})" : "") + self +
                                           $"; approvers: {string.Join(", ", spec.Approvers)}");
    }

    /// <summary>The catalog's approvers whose approval (<paramref name="action"/>) of <paramref name="digest"/> stands now, in ledger order.</summary>
    public static IReadOnlyList<string> StandingApprovers(IEnumerable<LedgerEntry> history, ApprovalsSpec spec, string action, string digest) =>
        Standing(history, action, digest).Where(spec.Approvers.Contains).ToList();

    /// <summary>Who approves <paramref name="digest"/> now: approvals in ledger order, each taken back by a later withdrawal of the same kind.</summary>
    private static IEnumerable<string> Standing(IEnumerable<LedgerEntry> history, string action, string digest)
    {
        var standing = new List<string>();
        foreach (var entry in history.Where(e => e.IsSuccess && e.Digest == digest))
        {
            if (entry.Action == action && !standing.Contains(entry.Actor)) standing.Add(entry.Actor);
            else if (entry.Action == LedgerActions.WithdrawApproval && entry.Message == action) standing.Remove(entry.Actor);
        }
        return standing;
    }

    /// <summary>
    /// An approval is for a digest that can come here: one the predecessor ran (deployed, promoted or rolled back to), or in a
    /// first stage one pushed for this environment. Anything else (a typo, another service's digest) is refused, not recorded.
    /// </summary>
    private static async Task RequireAPromotableDigestAsync(ChainContext ctx, string service, string digest, CancellationToken ct)
    {
        var predecessor = ctx.Catalog.Environments[ctx.Environment].PromoteFrom;
        var source = predecessor ?? ctx.Environment;
        using var sourceCtx = ctx.ForEnvironment(source);
        var history = await ReleaseLedgers.For(sourceCtx, source).HistoryAsync(service, source, ct);
        if (history.Any(e => e.Digest == digest && (e.IsSuccessfulDeploy || predecessor is null && e.IsSuccess && e.Action == LedgerActions.Push)))
            return;
        throw new SlipwayException(predecessor is not null
            ? $"--digest {digest}: '{predecessor}' never ran it for {service}, so it cannot be promoted to '{ctx.Environment}' and nothing was approved. " +
              $"Fix: approve the digest '{predecessor}' runs (./build.sh Status --env {predecessor} shows it)"
            : $"--digest {digest}: {service} was never pushed for '{ctx.Environment}', so nothing was approved. " +
              $"Fix: approve the digest the build pushed (its Push line and the release ledger name it)");
    }

    /// <summary>Records the current actor's approval of <paramref name="digest"/> for the context's environment, after checking it may.</summary>
    /// <param name="withdraw">Take back this actor's standing approval instead (a saved plan that counted it no longer holds).</param>
    public static async Task ApproveAsync(ChainContext ctx, string service, string digest, bool forOverride, bool withdraw = false,
        CancellationToken ct = default)
    {
        var gates = ReleaseGates.For(ctx.Catalog, service, ctx.Environment);
        var spec = gates.Approvals ?? throw new SlipwayException(
            $"'{ctx.Environment}' asks for no approvals of {service} (no gates.approvals in the catalog). Fix: nothing to approve, or add gates.approvals");
        if (forOverride && (gates.OverrideApprovals ?? 0) == 0)
            throw SlipwayException.Input("--for-override", $"'{ctx.Environment}' needs no approval for --override-gates (gates.overrideApprovals is 0)",
                "drop --for-override");
        var actor = Actor.Current;
        if (!spec.Approvers.Contains(actor))
            throw new SlipwayException($"{actor} may not approve {service} for '{ctx.Environment}': the approvers are {string.Join(", ", spec.Approvers)}. " +
                                       "Fix: ask one of them, or set SLIPWAY_ACTOR to who you are");
        if (!withdraw) await RequireAPromotableDigestAsync(ctx, service, digest, ct);
        var action = forOverride ? LedgerActions.ApproveOverride : LedgerActions.Approve;
        var ledger = ReleaseLedgers.For(ctx, ctx.Environment);
        var history = await ledger.HistoryAsync(service, ctx.Environment, ct);
        var approved = Standing(history, action, digest).Contains(actor);
        if (approved && !withdraw)
            throw new SlipwayException($"{actor} already approved {digest} of {service} for '{ctx.Environment}'. Fix: nothing to do; each approver counts once");
        if (!approved && withdraw)
            throw new SlipwayException($"{actor} has no standing {action} of {digest} of {service} for '{ctx.Environment}'. Fix: nothing to withdraw");
        var entry = new LedgerEntry
        {
            Service = service, Environment = ctx.Environment, Action = withdraw ? LedgerActions.WithdrawApproval : action, Digest = digest,
            Result = LedgerEntry.Succeeded, Message = withdraw ? action : null, Time = ctx.Clock.GetUtcNow(),
        };
        if (ctx.DryRun)
        {
            ctx.Log.Info($"would record {actor}'s {entry.Action} of {service} {digest} for '{ctx.Environment}' in {ledger.Location}");
            return;
        }
        await ledger.AppendAsync(entry, ct);
        ctx.Log.Info($"{actor} {(withdraw ? "withdrew the approval of" : "approved")} {service} {digest} for '{ctx.Environment}'" +
                     (forOverride ? " (for --override-gates)" : ""));
    }
}
