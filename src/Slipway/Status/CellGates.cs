using Slipway.Registry;
using Slipway.Releases;
using Slipway.Releases.Gates;

namespace Slipway.Status;

/// <summary>
/// The release gates of one cell in words, read from the ledgers Status already holds (no other read): whether the environment
/// is frozen, whether its deploy window is open (else when it opens), and for the digest its predecessor runs and this cell does
/// not yet: the soak time left and the approvals it has of those it needs.
/// </summary>
public static class CellGates
{
    public static IReadOnlyList<string> Describe(Catalog.Catalog catalog, string service, string environment, string? runs,
        IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>> histories, DateTimeOffset now)
    {
        var notes = new List<string>();
        if (Freezes.Current(histories[environment], environment) is not null) notes.Add("frozen");
        var gates = ReleaseGates.For(catalog, service, environment);
        if (gates.Windows is { } windows)
        {
            var (open, _, opensAt) = DeployWindows.From(windows, catalog.TimeZone).Evaluate(now);
            notes.Add(open ? "window open"
                : opensAt is { } at ? $"window closed, opens {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "window closed for the next year");
        }
        if (catalog.Environments[environment].PromoteFrom is not { } predecessor) return notes;
        var predecessorHistory = histories[predecessor].Where(e => e.Service == service).ToList();
        var candidate = predecessorHistory.LastOrDefault(e => e.IsSuccessfulDeploy && e.Digest is not null)?.Digest;
        if (candidate is null || candidate == runs) return notes;
        var next = Digests.Short(candidate);
        if (gates.SoakMinutes is > 0 and var minutes)
        {
            var soak = Soak.Evaluate(predecessorHistory, predecessor, candidate, TimeSpan.FromMinutes(minutes), now);
            notes.Add(soak.Passed ? $"soak done for {next}"
                : soak.PassesAt is { } done ? $"soak {(int)Math.Ceiling((done - now).TotalMinutes)} min left for {next}" : $"soak not met for {next}");
        }
        if (gates.Approvals is { } approvals)
        {
            var own = histories[environment].Where(e => e.Service == service).ToList();
            var approvers = Approvals.StandingApprovers(own, approvals, LedgerActions.Approve, candidate);
            notes.Add($"approvals {approvers.Count}/{approvals.Required} for {next}" + (approvers.Count > 0 ? $" ({string.Join(", ", approvers)})" : ""));
        }
        return notes;
    }
}
