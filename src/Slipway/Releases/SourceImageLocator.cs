using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>
/// Finds the digest an environment runs: live, through its deploy mode's reader (container labels, committed manifests, the
/// Deployment), else the latest successful deploy in its release ledger. Only reads; a dry run does not fetch a git ledger.
/// </summary>
public static class SourceImageLocator
{
    /// <summary>How long one live target gets to answer before the ledger is asked instead.</summary>
    public static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(10);

    public static async Task<SourceImage> LocateAsync(ChainContext ctx, string service, string environment, CancellationToken ct = default)
    {
        if (await RunningAsync(ctx, service, environment, ct) is { } live)
            return live;

        var ledger = ReleaseLedgers.For(ctx, environment);
        if (ctx.DryRun && ledger is not FileLedger)
            return new SourceImage(environment, null, "<its date tag>", null,
                $"dry run: would read the release ledger {ledger.Location} (not fetched in a dry run)");
        var latest = await ledger.LatestDeployAsync(service, environment, ct);
        if (latest is { Digest: null })
            throw NeverPushedImage.Of(latest).Error($"Cannot promote {service} from '{environment}' (its release ledger {ledger.Location})");
        if (latest is not null)
            return new SourceImage(environment, Digest.Parse(latest.Digest, $"the release ledger {ledger.Location}"), latest.Tag, latest.Commit,
                $"release ledger {ledger.Location}: {latest.Action} at {latest.Time:u} by {latest.Actor}");
        throw new SlipwayException(
            $"Cannot promote {service} from '{environment}': nothing runs it there and the release ledger {ledger.Location} " +
            $"records no successful deploy of it. Fix: deploy it first (./build.sh Deploy --env {environment} --service {service})");
    }

    private static async Task<SourceImage?> RunningAsync(ChainContext ctx, string service, string environment, CancellationToken ct)
    {
        var reading = await LiveState.ReadAsync(ctx, service, environment, LiveTimeout, ct);
        foreach (var unreachable in reading.Targets.Where(t => t.State == TargetState.Unreachable))
            ctx.Log.Warn($"[{service}] cannot ask {unreachable.Describe()} what runs there; using the release ledger");
        if (!reading.Reachable) return null;
        var running = reading.Running.Where(t => t.Digest is not null).ToList();
        var digests = running.Select(t => t.Digest!).Distinct().ToList();
        if (digests.Count == 0 && reading.Running.FirstOrDefault(t => t.ImageId is not null) is { } loaded)
            throw new NeverPushedImage(service, environment, loaded.Tag, loaded.Commit, loaded.ImageId)
                .Error($"Cannot promote {service} from '{environment}' ({loaded.Target} runs it)");
        if (digests.Count == 0) return null;
        if (digests.Count > 1)
            throw new SlipwayException(
                $"Cannot promote {service} from '{environment}': its targets run different images " +
                $"({string.Join(", ", running.Select(t => $"{t.Target}: {t.Digest}"))}). " +
                $"A deploy there is unfinished. Fix: finish it (./build.sh Deploy --env {environment} --service {service}), then promote");
        var first = running.First();
        return new SourceImage(environment, digests[0], first.Tag, first.Commit, $"running on {string.Join(", ", running.Select(t => t.Target).Distinct())}");
    }
}
