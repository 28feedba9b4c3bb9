using Slipway.Registry;

namespace Slipway.Releases.Gates;

/// <summary>
/// The "verified" gate (gates.requireVerified): a promotion needs the predecessor's ledger to show a deploy of the digest that
/// passed the catalog's verification there, and no later verdict on it that failed.
/// </summary>
public static class VerifiedInPredecessor
{
    public static GateVerdict Evaluate(IReadOnlyList<LedgerEntry> predecessorHistory, string predecessor, string digest)
    {
        // The latest verdict decides: a rollout in waves whose first wave verified and a later one failed is not verified.
        var latest = predecessorHistory.LastOrDefault(e => e.Digest == digest && e.Verification is not null);
        if (latest is { IsSuccess: true, Verification: VerificationResults.Verified })
            return new GateVerdict("verified", true, $"{Digests.Short(digest)} passed verification in '{predecessor}' at {latest.Time:u}");
        var failed = latest is { Verification: VerificationResults.Failed } ? latest : null;
        return new GateVerdict("verified", false, failed is not null
            ? $"{Digests.Short(digest)} failed verification in '{predecessor}' at {failed.Time:u}: {failed.VerificationEvidence}"
            : $"'{predecessor}' never verified {Digests.Short(digest)} (no deploy of it there passed verification)");
    }
}
