using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Releases;

/// <summary>What a ledger entry records: push, promote, deploy, rollback or prune.</summary>
public static class LedgerActions
{
    public const string Push = "push";
    public const string Promote = "promote";
    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
    /// <summary>A stray (a container, manifest or Deployment of a service the catalog no longer enables there) was removed.</summary>
    public const string Prune = "prune";
    /// <summary>An emergency freeze of the whole environment (service <c>*</c>), and its end.</summary>
    public const string Freeze = "freeze";
    public const string Unfreeze = "unfreeze";
    /// <summary>An approver's approval of one digest for the environment (see Gates.Approvals).</summary>
    public const string Approve = "approve";
    /// <summary>An approver takes back their approval (either kind) of one digest.</summary>
    public const string WithdrawApproval = "withdraw-approval";
    /// <summary>An approval of an --override-gates for one digest.</summary>
    public const string ApproveOverride = "approve-override";
    /// <summary>--override-gates passed a closed window or missing soak; the message names the gates and the reason.</summary>
    public const string GateOverride = "gate-override";
}

/// <summary>How a deploy, promotion or rollback went in verification (absent: the environment has none, or an older ledger).</summary>
public static class VerificationResults
{
    public const string Verified = "verified";
    public const string Failed = "failed-verification";
}

/// <summary>
/// One line of the release ledger: who did what to which service in which environment, with which image, and how it ended.
/// Serialized as one JSON object per line (camelCase keys, UTC time).
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>When the action ended, UTC.</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>$SLIPWAY_ACTOR, else user@host.</summary>
    public string Actor { get; init; } = Chain.Actor.Current;
    public required string Service { get; init; }
    public required string Environment { get; init; }
    /// <summary>push | promote | deploy | rollback | prune | freeze | unfreeze | approve | approve-override | gate-override (see <see cref="LedgerActions"/>).</summary>
    public required string Action { get; init; }
    /// <summary>The date-based tag of the image.</summary>
    public string? Tag { get; init; }
    /// <summary>Manifest digest in the environment's registry (for SSH deliveries: the registry digest when known).</summary>
    public string? Digest { get; init; }
    /// <summary>Source commit of the image.</summary>
    public string? Commit { get; init; }
    /// <summary>succeeded | failed.</summary>
    public required string Result { get; init; }
    /// <summary>Failure message, or a short note (e.g. "delivered over ssh").</summary>
    public string? Message { get; init; }
    /// <summary>Deploys and rollbacks: how the image reached the targets, <c>registry</c> (pulled by digest) or <c>ssh</c> (loaded by image ID).</summary>
    public string? Delivery { get; init; }
    /// <summary>For an SSH delivery: the engine's image ID (config digest); <see cref="Digest"/> stays the registry digest, or null when the registry never got the image.</summary>
    public string? ImageId { get; init; }
    /// <summary>True when a policy was overridden with --force.</summary>
    public bool Forced { get; init; }
    /// <summary>For promotions: the environment the image came from.</summary>
    public string? From { get; init; }
    /// <summary>SHA-256 of the line before this one as stored (see <see cref="LedgerChain"/>); set when the entry is appended.</summary>
    public string? Previous { get; init; }
    /// <summary>verified | failed-verification (see <see cref="VerificationResults"/>); null when nothing was verified.</summary>
    public string? Verification { get; init; }
    /// <summary>What verification checked and the failures that decided it.</summary>
    public string? VerificationEvidence { get; init; }

    /// <summary>Deploys and rollbacks of one wave: the hosts or nodes the entry reached; null: every target of the environment.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>True when <see cref="Result"/> is succeeded.</summary>
    [JsonIgnore] public bool IsSuccess => Result == Succeeded;
    /// <summary>A successful deploy or rollback: from then on its digest ran in the environment.</summary>
    [JsonIgnore] public bool IsSuccessfulDeploy => IsSuccess && Action is LedgerActions.Deploy or LedgerActions.Rollback;
    /// <summary>True when the entry concerns the target named <paramref name="target"/> (every entry without <see cref="Targets"/> does).</summary>
    public bool Reached(string target) => Targets is null || Targets.Contains(target);

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // Ledger lines are read by people and tools, never embedded in HTML: keep <, >, ' and non-ASCII readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The entry as one JSON line (no newline).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this with { Time = Time.ToUniversalTime() }, Json);

    /// <summary>Parses one ledger line; null for blank or unreadable lines (a ledger is never rewritten to drop them).</summary>
    public static LedgerEntry? FromJsonLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try { return JsonSerializer.Deserialize<LedgerEntry>(line, Json); }
        catch (JsonException) { return null; }
    }
}
