namespace Slipway.Releases;

/// <summary>An append-only record of pushes, promotions, deploys and rollbacks, one stream per environment.</summary>
public interface IReleaseLedger
{
    /// <summary>Where the ledger lives, for messages (a file path or a git URL and branch).</summary>
    string Location { get; }

    /// <summary>
    /// Appends <paramref name="entry"/> to its environment's stream; never loses a concurrent writer's entry. The entry is
    /// chained to the stream's last line (see <see cref="LedgerChain"/>), read under the same lock as the append.
    /// </summary>
    Task AppendAsync(LedgerEntry entry, CancellationToken ct = default);

    /// <summary>Every entry of <paramref name="environment"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAsync(string environment, CancellationToken ct = default);

    /// <summary>Every line of <paramref name="environment"/>'s stream as stored, oldest first (for <see cref="LedgerChain.Verify"/>).</summary>
    Task<IReadOnlyList<string>> ReadLinesAsync(string environment, CancellationToken ct = default);
}

/// <summary>Questions later steps (Promote, Status, Rollback) ask the ledger.</summary>
public static class LedgerQueries
{
    /// <summary>Entries of <paramref name="service"/> in <paramref name="environment"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(this IReleaseLedger ledger, string service, string environment,
        CancellationToken ct = default) =>
        (await ledger.ReadAsync(environment, ct)).Where(e => e.Service == service).ToList();

    /// <summary>
    /// The latest successful deploy (or rollback) of <paramref name="service"/> in <paramref name="environment"/>, or null. Its
    /// digest is null when that image was delivered over SSH and never reached a registry.
    /// </summary>
    public static async Task<LedgerEntry?> LatestDeployAsync(this IReleaseLedger ledger, string service, string environment,
        CancellationToken ct = default) =>
        (await ledger.HistoryAsync(service, environment, ct)).LatestDeploy();

    /// <summary>
    /// The latest successful deploy (or rollback) in <paramref name="history"/> (oldest first) that reached <paramref name="target"/>
    /// (a docker host or static-pod node); with no target, the latest of all.
    /// </summary>
    public static LedgerEntry? LatestDeploy(this IEnumerable<LedgerEntry> history, string? target = null) =>
        history.LastOrDefault(e => e.IsSuccessfulDeploy && (target is null || e.Reached(target)));
}
