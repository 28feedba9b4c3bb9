using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Releases.Gates;

/// <summary>What is gated: a deploy into a first stage, a promotion (Promote, or Deploy into a receiving stage), or a rollback.</summary>
public enum GatedAction { Deploy, Promotion, Rollback }

/// <summary>One gated change: <paramref name="Digest"/> of <paramref name="Service"/> into the context's environment.</summary>
public sealed record GateCheck(string Service, string Digest, GatedAction Action);

/// <summary>
/// The release gates of the catalog, applied the same way by every entry (terminal, trigger API, workflows) and every deploy
/// mode: a freeze stops everything; deploy windows and approvals gate deploys and promotions; soak time and verification in the
/// predecessor (requireVerified) gate promotions. A
/// rollback is stopped only by a freeze. <c>--override-gates --reason</c> passes a closed window or missing soak (recorded, and
/// approved first where <c>gates.overrideApprovals</c> says so); nothing overrides a freeze or missing approvals.
/// </summary>
public static class ReleaseGates
{
    /// <summary>The environment's gates with the service's overrides.</summary>
    public static GatesSpec For(Catalog.Catalog catalog, string service, string environment)
    {
        var own = catalog.Services.TryGetValue(service, out var spec) && spec.Environments.TryGetValue(environment, out var here) ? here.Gates : null;
        return (catalog.Environments[environment].Gates ?? new GatesSpec()).OverriddenBy(own);
    }

    /// <summary>Every gate's verdict for <paramref name="check"/> now (the context's clock); reads the ledgers, writes nothing.</summary>
    public static async Task<IReadOnlyList<GateVerdict>> EvaluateAsync(ChainContext ctx, GateCheck check, CancellationToken ct = default)
    {
        var environment = ctx.Environment;
        var gates = For(ctx.Catalog, check.Service, environment);
        var now = ctx.Clock.GetUtcNow();
        var entries = await ReleaseLedgers.ReadUnlessDryRunFetchAsync(ctx, environment, ct);
        var verdicts = new List<GateVerdict>();
        if (entries is null)
            verdicts.Add(new GateVerdict("freeze", true, $"not checked: a dry run does not fetch the release ledger {ReleaseLedgers.For(ctx, environment).Location}"));
        else
            verdicts.Add(Freezes.Current(entries, environment) is { } freeze
                ? new GateVerdict("freeze", false, $"'{environment}' is frozen by {freeze.Actor} since {freeze.Time:u}: {freeze.Reason}")
                : new GateVerdict("freeze", true, $"'{environment}' is not frozen"));
        if (check.Action == GatedAction.Rollback) return verdicts;

        if (gates.Windows is { } windows)
        {
            var (open, reason, opensAt) = DeployWindows.From(windows, ctx.Catalog.TimeZone).Evaluate(now);
            verdicts.Add(new GateVerdict("window", open, reason, opensAt));
        }
        if (check.Action == GatedAction.Promotion && gates.SoakMinutes is > 0 && ctx.Catalog.Environments[environment].PromoteFrom is { } predecessor)
        {
            using var predecessorCtx = ctx.ForEnvironment(predecessor);
            var history = await ReleaseLedgers.ReadUnlessDryRunFetchAsync(predecessorCtx, predecessor, ct);
            verdicts.Add(history is null
                ? new GateVerdict("soak", true, "not checked: a dry run does not fetch the predecessor's release ledger")
                : Soak.Evaluate(history.Where(e => e.Service == check.Service).ToList(), predecessor, check.Digest,
                    TimeSpan.FromMinutes(gates.SoakMinutes.Value), now));
        }
        if (check.Action == GatedAction.Promotion && gates.RequireVerified == true && ctx.Catalog.Environments[environment].PromoteFrom is { } verifiedIn)
        {
            using var predecessorCtx = ctx.ForEnvironment(verifiedIn);
            var history = await ReleaseLedgers.ReadUnlessDryRunFetchAsync(predecessorCtx, verifiedIn, ct);
            verdicts.Add(history is null
                ? new GateVerdict("verified", true, "not checked: a dry run does not fetch the predecessor's release ledger")
                : VerifiedInPredecessor.Evaluate(history.Where(e => e.Service == check.Service).ToList(), verifiedIn, check.Digest));
        }
        var own = entries?.Where(e => e.Service == check.Service).ToList();
        if (gates.Approvals is { } approvals)
            verdicts.Add(own is null
                ? new GateVerdict("approvals", true, "not checked: a dry run does not fetch the release ledger")
                : Approvals.Evaluate(own, approvals, approvals.Required, LedgerActions.Approve, check.Digest, Actor.Current, "approvals"));

        if (ctx.GateOverrideReason is null) return verdicts;
        var overridden = verdicts.Select(v => !v.Passed && GateVerdict.Overridable.Contains(v.Gate)
            ? v with { Passed = true, Overridden = true, Reason = $"{v.Reason}; overridden: {ctx.GateOverrideReason}" }
            : v).ToList();
        if (overridden.Any(v => v.Overridden) && gates.OverrideApprovals is > 0 && gates.Approvals is { } overrideApprovers)
            overridden.Add(own is null
                ? new GateVerdict("override-approvals", true, "not checked: a dry run does not fetch the release ledger")
                : Approvals.Evaluate(own, overrideApprovers, gates.OverrideApprovals.Value, LedgerActions.ApproveOverride, check.Digest,
                    Actor.Current, "override-approvals"));
        return overridden;
    }

    /// <summary>
    /// Evaluates the gates, logs each verdict, and throws the refusal (which gate, why, when it could pass, the fix) when one
    /// refuses; records an override that was used. A dry run logs what a real run would decide and never throws for a gate.
    /// </summary>
    public static async Task<IReadOnlyList<GateVerdict>> EnforceAsync(ChainContext ctx, GateCheck check, CancellationToken ct = default)
    {
        var verdicts = await EvaluateAsync(ctx, check, ct);
        var what = $"{check.Action.ToString().ToLowerInvariant()} of {check.Service} {check.Digest} into '{ctx.Environment}'";
        var refused = verdicts.Where(v => !v.Passed).ToList();
        if (verdicts.Count > 1 || refused.Count > 0 || ctx.DryRun)
            foreach (var verdict in verdicts) ctx.Log.Info($"[{check.Service}] gate {verdict}");
        if (refused.Count > 0)
        {
            var message = $"The {what} is refused by its release gates: " + string.Join("; ", refused) + ". Fix: " + string.Join("; ", refused.Select(v => FixFor(ctx, check, v)));
            if (ctx.DryRun) { ctx.Log.Warn("a real run would stop here. " + message); return verdicts; }
            throw new SlipwayException(message);
        }
        if (verdicts.Any(v => v.Overridden))
            await RecordOverrideAsync(ctx, check, verdicts.Where(v => v.Overridden).ToList(), ct);
        return verdicts;
    }

    private static string FixFor(ChainContext ctx, GateCheck check, GateVerdict verdict) => verdict.Gate switch
    {
        "freeze" => $"wait for the freeze to end (./build.sh Unfreeze --env {ctx.Environment}); a freeze is never overridden",
        "verified" => $"deploy {check.Digest} to '{ctx.Catalog.Environments[ctx.Environment].PromoteFrom}' again so its verification passes there, " +
                      "or promote a digest verified there",
        "window" or "soak" => (verdict.PassesAt is { } at ? $"run it again after {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC, or " : "") +
                              "pass --override-gates --reason TEXT (recorded in the release ledger)",
        _ => $"each approver runs ./build.sh Approve --service {check.Service} --env {ctx.Environment} --digest {check.Digest}" +
             (verdict.Gate == "override-approvals" ? " --for-override" : ""),
    };

    private static async Task RecordOverrideAsync(ChainContext ctx, GateCheck check, IReadOnlyList<GateVerdict> overridden, CancellationToken ct)
    {
        var gates = string.Join(", ", overridden.Select(v => v.Gate));
        ctx.Log.Warn($"[{check.Service}] --override-gates: {gates} overridden for {check.Digest} into '{ctx.Environment}': {ctx.GateOverrideReason}");
        if (ctx.DryRun) return;
        await ReleaseLedgers.For(ctx, ctx.Environment).AppendAsync(new LedgerEntry
        {
            Service = check.Service, Environment = ctx.Environment, Action = LedgerActions.GateOverride, Digest = check.Digest,
            Result = LedgerEntry.Succeeded, Forced = true, Message = $"{gates}: {ctx.GateOverrideReason}", Time = ctx.Clock.GetUtcNow(),
        }, ct);
    }
}
