using Slipway.Deploy;
using Slipway.Registry;

namespace Slipway.Status;

/// <summary>Why a cell deserves attention.</summary>
public enum DriftKind
{
    /// <summary>The environment runs a digest its predecessor in the promotion order never had.</summary>
    NotFromPredecessor,
    /// <summary>What runs live differs from what the ledger says was deployed last.</summary>
    LiveDiffersFromLedger,
    /// <summary>The deploy target could not be read within the timeout.</summary>
    Unreachable,
    /// <summary>The Kubernetes Deployment has the digest but its rollout has not finished (or failed).</summary>
    NotRolledOut,
    /// <summary>A target runs the digest with a configuration (port, JVM options, probes, restart policy...) the catalog no longer gives it.</summary>
    ConfigDrift,
    /// <summary>Some targets run the last deployed digest and others an earlier one: a rollout in waves stopped or is under way.</summary>
    PartiallyRolledOut,
}

/// <summary>One deployment event of a cell's history, newest first.</summary>
public sealed record StatusEvent(DateTimeOffset Time, string Actor, string Action, string? Tag, string? Digest, string Result);

/// <summary>What one service runs in one environment.</summary>
public sealed record StatusCell
{
    public required string Service { get; init; }
    public required string Environment { get; init; }
    public string? Tag { get; init; }
    public string? Digest { get; init; }
    /// <summary>The digest read from the live target (null when not read or unreadable).</summary>
    public string? LiveDigest { get; init; }
    public DateTimeOffset? DeployedAt { get; init; }
    public string? DeployedBy { get; init; }
    public IReadOnlyList<DriftKind> Drift { get; init; } = [];
    /// <summary>A human sentence per drift, e.g. "runs sha256:ab12 but test never had it".</summary>
    public IReadOnlyList<string> DriftNotes { get; init; } = [];
    public IReadOnlyList<StatusEvent> History { get; init; } = [];
    /// <summary>The cell's release gates in words (<see cref="CellGates"/>), e.g. "window closed, opens ...", "approvals 1/2 for sha256:ab12".</summary>
    public IReadOnlyList<string> Gates { get; init; } = [];
    /// <summary>What each live target said: docker hosts, static-pod nodes, the Kubernetes Deployment (empty when none was read).</summary>
    public IReadOnlyList<TargetReading> Live { get; init; } = [];

    public bool IsEmpty => Digest is null && LiveDigest is null;

    /// <summary>What the renderers put after "gates:".</summary>
    public string GatesSummary => string.Join("; ", Gates);

    /// <summary>The drift notes that are more than a live target's own line (renderers show those with the target).</summary>
    public IReadOnlyList<string> OwnDriftNotes => DriftNotes.Where(n => Live.All(t => t.Describe() != n)).ToList();

    /// <summary>What the renderers put after "DRIFT:": the own notes, else the kinds in words.</summary>
    public string DriftSummary => OwnDriftNotes is { Count: > 0 } own ? string.Join("; ", own) : string.Join("; ", Drift.Select(Label));

    /// <summary>
    /// The live readings for display: targets that said the same thing share one line (e.g. every node of an
    /// unreachable repository); <c>Drifts</c> when that line is itself a drift note.
    /// </summary>
    public IReadOnlyList<(TargetReading Reading, bool Drifts)> LiveLines =>
        Live.GroupBy(t => (t with { Target = "" }).Describe())
            .Select(g => (g.First() with { Target = string.Join(", ", g.Select(t => t.Target)) }, g.Any(t => DriftNotes.Contains(t.Describe()))))
            .ToList();

    /// <summary>A drift kind in words.</summary>
    public static string Label(DriftKind kind) => kind switch
    {
        DriftKind.NotFromPredecessor => "not from its predecessor",
        DriftKind.LiveDiffersFromLedger => "live state differs from the ledger",
        DriftKind.Unreachable => "unreachable",
        DriftKind.ConfigDrift => "configuration differs from the catalog",
        DriftKind.PartiallyRolledOut => "partially rolled out",
        _ => "rollout not finished",
    };
    public string ShortDigest => Digests.Short(LiveDigest ?? Digest);

}

/// <summary>Services x environments, in catalog order, and what runs on the environments' targets that the catalog no longer wants.</summary>
public sealed record StatusMatrix(IReadOnlyList<string> Services, IReadOnlyList<string> Environments, IReadOnlyList<StatusCell> Cells,
    DateTimeOffset GeneratedAt)
{
    /// <summary>Containers, manifests and Deployments of services or environments the catalog no longer has there, each with its remove command.</summary>
    public IReadOnlyList<Stray> Strays { get; init; } = [];
    /// <summary>Environments frozen now (./build.sh Freeze): who, when, why.</summary>
    public IReadOnlyList<Releases.Gates.Freeze> Freezes { get; init; } = [];
    /// <summary>Environments whose release ledger's hash chain breaks, with the first broken line (./build.sh VerifyLedger).</summary>
    public IReadOnlyDictionary<string, Releases.LedgerChainBreak> BrokenLedgers { get; init; } = new Dictionary<string, Releases.LedgerChainBreak>();

    /// <summary>Targets whose strays could not be listed, e.g. <c>modes: host 'h' (unix:///...): no answer within 5s</c>.</summary>
    public IReadOnlyList<string> StraysUnread { get; init; } = [];

    public StatusCell? Cell(string service, string environment) =>
        Cells.FirstOrDefault(c => c.Service == service && c.Environment == environment);

    public IEnumerable<StatusCell> Drifting => Cells.Where(c => c.Drift.Count > 0);

    /// <summary>The last line of the text: how many cells drift and how many strays there are.</summary>
    public string Summary
    {
        get
        {
            var drifting = Drifting.Count();
            var cells = drifting == 0 ? "No drift." : $"{drifting} cell(s) drift.";
            return Strays.Count == 0 ? cells : $"{cells} {Strays.Count} stray(s).";
        }
    }
}
