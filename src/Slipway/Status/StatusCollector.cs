using Slipway.Catalog;
using Slipway.Pipeline;
using Slipway.Releases;

namespace Slipway.Status;

/// <summary>
/// Builds the services x environments matrix from the release ledger and the live targets, and flags drift:
/// an environment running a digest its predecessor never had (the promotion order was broken), a live state that
/// disagrees with the ledger, or a target that cannot be read.
/// </summary>
public static class StatusCollector
{
    public static async Task<StatusMatrix> CollectAsync(ChainContext ctx, IReadOnlyList<string> environments, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var catalog = ctx.Catalog;
        var services = catalog.Services.Keys.Where(s => environments.Any(e => catalog.Services[s].IsEnabledIn(e))).ToList();
        var histories = new Dictionary<string, IReadOnlyList<LedgerEntry>>();
        foreach (var env in environments.Concat(environments.Select(e => catalog.Environments[e].PromoteFrom).OfType<string>()).Distinct())
            histories[env] = await ReadLedgerAsync(ctx, env, ct);

        var cells = new List<StatusCell>();
        foreach (var service in services)
            foreach (var env in environments.Where(e => catalog.Services[service].IsEnabledIn(e)))
                cells.Add(await CellAsync(ctx, service, env, histories, timeout, ct));
        return new StatusMatrix(services, environments, cells, DateTimeOffset.UtcNow);
    }

    private static async Task<StatusCell> CellAsync(ChainContext ctx, string service, string env,
        IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> histories, TimeSpan timeout, CancellationToken ct)
    {
        var history = histories[env].Where(e => e.Service == service).ToList();
        var deployed = history.LastOrDefault(e => e.IsSuccess && e.Action is LedgerActions.Deploy or LedgerActions.Rollback && e.Digest is not null);
        var live = await LiveState.ReadAsync(ctx, service, env, timeout, ct);
        var drift = new List<DriftKind>();
        var notes = new List<string>();
        if (!live.Reachable) { drift.Add(DriftKind.Unreachable); notes.Add(live.Problem!); }
        else if (live.Problem is not null) { drift.Add(DriftKind.LiveDiffersFromLedger); notes.Add(live.Problem); }
        else if (live.Digest is not null && live.Digest != deployed?.Digest)
        {
            drift.Add(DriftKind.LiveDiffersFromLedger);
            notes.Add(deployed is null
                ? $"runs {StatusCell.Short(live.Digest)} but the ledger records no deploy"
                : $"runs {StatusCell.Short(live.Digest)} but the ledger's last deploy is {StatusCell.Short(deployed.Digest)}");
        }

        var runs = live.Digest ?? deployed?.Digest;
        if (runs is not null && ctx.Catalog.Environments[env].PromoteFrom is { } predecessor &&
            !histories[predecessor].Any(e => e.Service == service && e.IsSuccess && e.Digest == runs &&
                                              e.Action is LedgerActions.Deploy or LedgerActions.Rollback))
        {
            drift.Add(DriftKind.NotFromPredecessor);
            notes.Add($"runs {StatusCell.Short(runs)} but {predecessor} never had it");
        }

        return new StatusCell
        {
            Service = service, Environment = env,
            Tag = live.Digest is not null && live.Digest != deployed?.Digest ? live.Tag : deployed?.Tag ?? live.Tag,
            Digest = deployed?.Digest, LiveDigest = live.Digest,
            DeployedAt = deployed?.Time, DeployedBy = deployed?.Actor,
            Drift = drift, DriftNotes = notes,
            History = history.AsEnumerable().Reverse().Select(e => new StatusEvent(e.Time, e.Actor, e.Action, e.Tag, e.Digest, e.Result)).ToList(),
        };
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(ChainContext ctx, string env, CancellationToken ct)
    {
        try { return await ReleaseLedgers.For(ctx, env).ReadAsync(env, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ctx.Log.Warn($"cannot read the release ledger of '{env}': {e.Message}");
            return [];
        }
    }
}
