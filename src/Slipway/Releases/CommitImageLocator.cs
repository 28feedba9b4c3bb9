using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>
/// Finds the image of one commit in the stages before a receiving environment: the predecessor runs it (live) or ran it
/// (a successful deploy or rollback in its release ledger). Only with --force may it come from an earlier stage, or from a push
/// that was never deployed. Never builds, never writes.
/// </summary>
public static class CommitImageLocator
{
    /// <summary>Where the commit's image was found, and whether taking it there overrides the promotion order.</summary>
    public sealed record Found(SourceImage Image, bool Forced);

    /// <summary>
    /// The image of <paramref name="commit"/> (a full or abbreviated id) for <paramref name="service"/> to be deployed into the
    /// context's environment; throws the refusal naming the predecessor, what it runs, and the commands that would do it.
    /// </summary>
    public static async Task<Found> LocateAsync(ChainContext template, string service, string commit, bool force, CancellationToken ct = default)
    {
        var target = template.Environment;
        var stages = ReceivingStage.StagesBefore(template.Catalog, target);
        var predecessor = stages[0];
        using var predecessorCtx = template.ForEnvironment(predecessor);
        var running = await TryLocateRunningAsync(predecessorCtx, service, predecessor, ct);
        if (running is not null && Matches(running.Commit, commit))
            return new Found(running, false);
        if (await RanAsync(predecessorCtx, service, predecessor, commit, ct) is { } ran)
            return new Found(ran, false);

        var refusal = Refusal(template, service, commit, predecessor, running);
        var earlier = await EarlierAsync(template, service, commit, stages, ct);
        if (!force) throw new SlipwayException(refusal + (earlier is null ? ""
            : $"; or pass --force to take it from '{earlier.Environment}' ({earlier.Evidence}), recorded in the release ledger"));
        if (earlier is { } forced)
        {
            template.Log.Warn($"[{service}] --force: '{predecessor}' never ran commit {Short(commit)}; taking its image from '{forced.Environment}' " +
                              $"({forced.Evidence}); this is recorded in the release ledger");
            return new Found(forced, true);
        }
        throw new SlipwayException($"{refusal}. --force cannot help: no stage before '{target}' ({string.Join(", ", stages)}) " +
                                   $"has an image of commit {Short(commit)} in its release ledger, and '{target}' never builds");
    }

    /// <summary>What <paramref name="environment"/> runs, or null when nothing runs there and its ledger records no deploy.</summary>
    public static async Task<SourceImage?> TryLocateRunningAsync(ChainContext ctx, string service, string environment, CancellationToken ct)
    {
        try { return await SourceImageLocator.LocateAsync(ctx, service, environment, ct); }
        catch (SlipwayException) { return null; }
    }

    private static async Task<SourceImage?> RanAsync(ChainContext ctx, string service, string environment, string commit, CancellationToken ct)
    {
        var ran = (await ReleaseLedgers.ReadUnlessDryRunFetchAsync(ctx, environment, ct))?.LastOrDefault(e => e.Service == service &&
            e.IsSuccessfulDeploy && e.Digest is not null && Matches(e.Commit, commit));
        return ran is null ? null : FromLedger(ReleaseLedgers.For(ctx, environment), environment, ran);
    }

    /// <summary>The commit's image in any stage before the predecessor's ledger, or pushed but never deployed: taken only with --force.</summary>
    private static async Task<SourceImage?> EarlierAsync(ChainContext template, string service, string commit, IReadOnlyList<string> stages,
        CancellationToken ct)
    {
        foreach (var stage in stages)
        {
            using var ctx = template.ForEnvironment(stage);
            var entry = (await ReleaseLedgers.ReadUnlessDryRunFetchAsync(ctx, stage, ct))?.LastOrDefault(e => e.Service == service &&
                e.IsSuccess && e.Digest is not null && Matches(e.Commit, commit) &&
                e.Action is LedgerActions.Push or LedgerActions.Promote or LedgerActions.Deploy or LedgerActions.Rollback);
            if (entry is not null) return FromLedger(ReleaseLedgers.For(ctx, stage), stage, entry);
        }
        return null;
    }

    private static SourceImage FromLedger(IReleaseLedger ledger, string environment, LedgerEntry entry) =>
        new(environment, Digest.Parse(entry.Digest!, $"the release ledger {ledger.Location}"), entry.Tag, entry.Commit,
            $"release ledger {ledger.Location}: {entry.Action} at {entry.Time:u} by {entry.Actor}");

    private static string Refusal(ChainContext template, string service, string commit, string predecessor, SourceImage? running)
    {
        var runs = running is null
            ? $"'{predecessor}' runs nothing of {service} and its ledger records no deploy of it"
            : $"'{predecessor}' runs {running.DigestText} (tag {running.Tag ?? "unknown"}, commit {Short(running.Commit ?? "unknown")}; {running.Evidence}) " +
              $"and never ran commit {Short(commit)}";
        var promote = running is null ? "" : $"./build.sh Promote --service {service} --from {predecessor} --to {template.Environment} promotes what it runs; ";
        return $"Cannot deploy {service} commit {Short(commit)} to '{template.Environment}': it receives images from '{predecessor}' " +
               $"(promoteFrom in the catalog) and never builds, and {runs}. Fix: {promote}" +
               $"or deploy the commit to '{predecessor}' first (./build.sh Deploy --env {predecessor} --service {service} --commit {Short(commit)})";
    }

    private static bool Matches(string? recorded, string commit) =>
        !string.IsNullOrEmpty(recorded) && (recorded.StartsWith(commit, StringComparison.OrdinalIgnoreCase) ||
                                 commit.StartsWith(recorded, StringComparison.OrdinalIgnoreCase));

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
