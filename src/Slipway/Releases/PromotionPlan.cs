using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Releases.Gates;

namespace Slipway.Releases;

/// <summary>
/// How far an environment's release ledger went when a plan was made: entry count and a hash of the last line; or, for a git
/// ledger seen by a dry run (which never fetches it), only the remote branch's tip, whose entries are read when the plan is used.
/// </summary>
public sealed record LedgerHead(int? Entries, string? LastEntrySha256, string? GitCommit = null)
{
    public static LedgerHead Of(IReadOnlyList<LedgerEntry> entries) =>
        new(entries.Count, entries.Count == 0 ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entries[^1].ToJsonLine()))));
}

/// <summary>One gate's verdict as the plan saw it.</summary>
public sealed record PlannedGate(string Gate, bool Passed, string Reason);

/// <summary>One hop of a saved plan, with the verdicts of its gates.</summary>
public sealed record PlannedHop(string Source, string Target, IReadOnlyList<PlannedGate> Gates);

/// <summary>
/// A saved promotion plan (<c>Promote --dry-run --plan-out F</c>): the digest, every hop's gate verdicts, the ledger heads and the
/// catalog's hash. <c>Promote --use-plan F</c> applies exactly this and refuses when anything it depended on changed.
/// </summary>
public sealed record PromotionPlan
{
    public int Version { get; init; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    public string Actor { get; init; } = "";
    public string CatalogSha256 { get; init; } = "";
    public string Service { get; init; } = "";
    public string From { get; init; } = "";
    public IReadOnlyList<string> To { get; init; } = [];
    public bool Force { get; init; }
    public string Digest { get; init; } = "";
    public string? Tag { get; init; }
    /// <summary>Per environment; a git ledger's only by its tip commit when a dry run made the plan (a dry run never fetches one).</summary>
    public IReadOnlyDictionary<string, LedgerHead?> LedgerHeads { get; init; } = new Dictionary<string, LedgerHead?>();
    public IReadOnlyList<PlannedHop> Hops { get; init; } = [];
    /// <summary>
    /// SHA-256 of the plan written without this field: a plan edited by hand is refused. It catches edits, not forgery (anyone can
    /// recompute it); what a plan depends on is checked against the live state anyway (<see cref="ChangesAsync"/>).
    /// </summary>
    public string ContentSha256 { get; init; } = "";

    private static readonly JsonSerializerOptions Json = new(LedgerEntry.Json) { WriteIndented = true };

    public PromotionRequest Request => new(Service, From, To, Force) { ExpectedDigest = Digest };

    /// <summary>The plan of a dry run's <paramref name="hops"/>; the digest must be known (the dry run read the source).</summary>
    public static async Task<PromotionPlan> CaptureAsync(ChainContext template, PromotionRequest request, IReadOnlyList<PromotionHop> hops,
        string catalogSha256, CancellationToken ct = default)
    {
        if (hops[0].Digest is not { } digest)
            throw new SlipwayException($"Cannot save a plan: the dry run could not read the digest '{request.From}' runs. " +
                                       "Fix: make the source's targets or ledger readable, then plan again");
        return new PromotionPlan
        {
            CreatedAt = template.Clock.GetUtcNow(), Actor = Chain.Actor.Current, CatalogSha256 = catalogSha256,
            Service = request.Service, From = request.From, To = request.To, Force = request.Force,
            Digest = digest.Value, Tag = hops[0].Tags.Original,
            LedgerHeads = await HeadsAsync(template, [request.From, .. request.To], ct),
            Hops = hops.Select(h => new PlannedHop(h.Source, h.Target, h.Gates.Select(g => new PlannedGate(g.Gate, g.Passed, g.Reason)).ToList())).ToList(),
        };
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this with { ContentSha256 = ContentHash() }, Json) + "\n");

    private string ContentHash() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { ContentSha256 = "" }, Json)));

    public static PromotionPlan Read(string path)
    {
        if (!File.Exists(path))
            throw SlipwayException.Input($"--use-plan {path}", "the file does not exist", "make one with Promote ... --dry-run --plan-out FILE");
        try
        {
            var plan = JsonSerializer.Deserialize<PromotionPlan>(File.ReadAllText(path), Json);
            if (plan is null || plan.Version != 1 || plan.Digest.Length == 0 || plan.To.Count == 0)
                throw new JsonException("not a Slipway promotion plan (version 1)");
            if (plan.ContentSha256 != plan.ContentHash())
                throw SlipwayException.Input($"--use-plan {path}", "was edited after Promote wrote it (its contentSha256 does not match its content)",
                    "make a new plan with Promote ... --dry-run --plan-out; a plan is applied exactly as it was made or not at all");
            return plan;
        }
        catch (JsonException e)
        {
            throw SlipwayException.Input($"--use-plan {path}", $"cannot be read: {e.Message}", "give a file written by Promote ... --dry-run --plan-out");
        }
    }

    /// <summary>What changed since the plan was made, each in words; empty when the plan still holds.</summary>
    public async Task<IReadOnlyList<string>> ChangesAsync(ChainContext template, string catalogSha256, CancellationToken ct = default)
    {
        var changes = new List<string>();
        if (catalogSha256 != CatalogSha256)
            changes.Add($"the catalog changed (sha256 {CatalogSha256[..12]} when planned, {catalogSha256[..12]} now)");
        var heads = await HeadsAsync(template, LedgerHeads.Keys.ToList(), ct);
        foreach (var (environment, planned) in LedgerHeads)
        {
            if (planned is null || heads[environment] is not { } now) continue;
            var then = planned is { Entries: null, GitCommit: { } commit } ? await AtCommitAsync(template, environment, commit, ct) : planned;
            if (then is null)
                changes.Add($"the release ledger of '{environment}' no longer has the commit {planned.GitCommit} the plan saw (its history was rewritten)");
            else if (then != now)
                changes.Add($"the release ledger of '{environment}' advanced ({then.Entries} entries when planned, {now.Entries} now)");
        }
        using (var source = template.ForEnvironment(From))
        {
            var running = await SourceImageLocator.LocateAsync(source, Service, From, ct);
            if (running.DigestText != Digest)
                changes.Add($"'{From}' runs {running.DigestText} now, not the planned {Digest}");
        }
        foreach (var hop in Hops)
        {
            using var target = template.ForEnvironment(hop.Target);
            var verdicts = await ReleaseGates.EvaluateAsync(target, new GateCheck(Service, Digest, GatedAction.Promotion), ct);
            foreach (var planned in hop.Gates)
            {
                var now = verdicts.FirstOrDefault(v => v.Gate == planned.Gate);
                if (!planned.Passed)
                    changes.Add($"gate {planned.Gate} of '{hop.Target}' refused when planned: {planned.Reason}");
                else if (now is { Passed: false })
                    changes.Add($"gate {planned.Gate} of '{hop.Target}' refuses now: {now.Reason}");
            }
            foreach (var added in verdicts.Where(v => !v.Passed && hop.Gates.All(g => g.Gate != v.Gate)))
                changes.Add($"gate {added.Gate} of '{hop.Target}' is new and refuses: {added.Reason}");
        }
        return changes;
    }

    private static async Task<IReadOnlyDictionary<string, LedgerHead?>> HeadsAsync(ChainContext template, IReadOnlyList<string> environments,
        CancellationToken ct)
    {
        var heads = new Dictionary<string, LedgerHead?>();
        foreach (var environment in environments.Distinct())
        {
            using var ctx = template.ForEnvironment(environment);
            heads[environment] = await ReleaseLedgers.ReadUnlessDryRunFetchAsync(ctx, environment, ct) is { } entries ? LedgerHead.Of(entries)
                : ReleaseLedgers.For(ctx, environment) is GitLedger git ? new LedgerHead(null, null, await git.RemoteTipAsync(ct))
                : null;
        }
        return heads;
    }

    /// <summary>The head of <paramref name="environment"/>'s git ledger at <paramref name="commit"/>; null when that commit is gone.</summary>
    private static async Task<LedgerHead?> AtCommitAsync(ChainContext template, string environment, string commit, CancellationToken ct)
    {
        using var ctx = template.ForEnvironment(environment);
        return ReleaseLedgers.For(ctx, environment) is GitLedger git && await git.ReadAtAsync(environment, commit, ct) is { } entries
            ? LedgerHead.Of(entries)
            : null;
    }

    /// <summary>SHA-256 of the catalog file, as a plan records it.</summary>
    public static string HashOf(string catalogPath) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(catalogPath)));
}
