using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Status;

/// <summary>
/// Builds the services x environments matrix from the release ledger and the live targets, and flags drift:
/// an environment running a digest its predecessor never had (the promotion order was broken), a live state that
/// disagrees with the ledger or with the catalog's configuration, or a target that cannot be read. Lists what the
/// environments' targets run that the catalog no longer wants (strays).
/// </summary>
public static class StatusCollector
{
    /// <summary>How many cells are read at once (each target is read once and shared; this bounds the git processes).</summary>
    private const int Parallelism = 8;

    /// <summary>The matrix of <paramref name="environments"/>; each live target gets <paramref name="timeout"/> to answer.</summary>
    public static async Task<StatusMatrix> CollectAsync(ChainContext ctx, IReadOnlyList<string> environments, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var catalog = ctx.Catalog;
        var services = catalog.Services.Keys.Where(s => environments.Any(e => catalog.Services[s].IsEnabledIn(e))).ToList();
        var histories = new Dictionary<string, IReadOnlyList<LedgerEntry>>();
        var brokenChains = new Dictionary<string, LedgerChainBreak>();
        foreach (var env in environments.Concat(environments.Select(e => catalog.Environments[e].PromoteFrom).OfType<string>()).Distinct())
        {
            var lines = await ReadLedgerAsync(ctx, env, ct);
            histories[env] = lines.Select(LedgerEntry.FromJsonLine).OfType<LedgerEntry>().ToList();
            if (environments.Contains(env) && LedgerChain.Verify(lines) is { } broken) brokenChains[env] = broken;
        }

        // Cells are read together so unreachable targets time out at once, not one after another.
        using var live = new LiveState(ctx, timeout);
        using var gate = new SemaphoreSlim(Parallelism);
        var cells = Task.WhenAll(
            from service in services
            from env in environments
            where catalog.Services[service].IsEnabledIn(env)
            select CellAsync(ctx, live, gate, service, env, histories, ct));
        var listings = await Task.WhenAll(environments.Select(env => StraysAsync(live, gate, env, ct)));
        return new StatusMatrix(services, environments, await cells, DateTimeOffset.UtcNow)
        {
            // An engine shared by several environments lists a container of an unknown environment for each of them.
            Strays = listings.SelectMany(l => l.Listing.Strays).Distinct().ToList(),
            StraysUnread = listings.SelectMany(l => l.Listing.Unread.Select(u => $"{l.Environment}: {u}")).ToList(),
            Freezes = environments.Select(env => Releases.Gates.Freezes.Current(histories[env], env)).OfType<Releases.Gates.Freeze>().ToList(),
            BrokenLedgers = brokenChains,
        };
    }

    private static async Task<(string Environment, StrayListing Listing)> StraysAsync(LiveState live, SemaphoreSlim gate, string env, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try { return (env, await live.StraysAsync(env, ct)); }
        finally { gate.Release(); }
    }

    private static async Task<StatusCell> CellAsync(ChainContext ctx, LiveState liveState, SemaphoreSlim gate, string service, string env,
        IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> histories, CancellationToken ct)
    {
        var history = histories[env].Where(e => e.Service == service).ToList();
        var deployed = history.LastOrDefault(e => e.IsSuccessfulDeploy && e.Digest is not null);
        LiveReading live;
        await gate.WaitAsync(ct);
        try { live = await liveState.ReadAsync(service, env, ct); }
        finally { gate.Release(); }
        var rolled = history.LastOrDefault(e => e.IsSuccess && e.Action == LedgerActions.Deploy && e.Digest is not null);
        var (kinds, liveNotes) = LiveDrift.Assess(live, deployed?.Digest, service, env, rolled?.Digest);
        var drift = kinds.ToList();
        var notes = liveNotes.ToList();

        var liveDigest = live.Digest?.Value;
        var runs = liveDigest ?? deployed?.Digest;
        if (runs is not null && ctx.Catalog.Environments[env].PromoteFrom is { } predecessor &&
            !histories[predecessor].Any(e => e.Service == service && e.IsSuccessfulDeploy && e.Digest == runs))
        {
            drift.Add(DriftKind.NotFromPredecessor);
            notes.Add($"runs {Digests.Short(runs)} but {predecessor} never had it");
        }

        return new StatusCell
        {
            Service = service, Environment = env,
            Tag = liveDigest is not null && liveDigest != deployed?.Digest ? live.Tag : deployed?.Tag ?? live.Tag,
            Digest = deployed?.Digest, LiveDigest = liveDigest,
            DeployedAt = deployed?.Time, DeployedBy = deployed?.Actor,
            Drift = drift, DriftNotes = notes, Live = live.Targets,
            Gates = CellGates.Describe(ctx.Catalog, service, env, runs, histories, ctx.Clock.GetUtcNow()),
            History = history.AsEnumerable().Reverse().Select(e => new StatusEvent(e.Time, e.Actor, e.Action, e.Tag, e.Digest, e.Result)).ToList(),
        };
    }

    private static async Task<IReadOnlyList<string>> ReadLedgerAsync(ChainContext ctx, string env, CancellationToken ct)
    {
        try { return await ReleaseLedgers.For(ctx, env).ReadLinesAsync(env, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ctx.Log.Warn($"cannot read the release ledger of '{env}': {e.Message}");
            return [];
        }
    }
}
