using Slipway.Registry;

namespace Slipway.Releases.Gates;

/// <summary>
/// The "verified" gate (gates.requireVerified): a promotion needs the predecessor's ledger to show a deploy of the digest that
/// passed the catalog's verification there.
/// </summary>
public static class VerifiedInPredecessor
{
    public static GateVerdict Evaluate(IReadOnlyList<LedgerEntry> predecessorHistory, string predecessor, string digest)
    {
        var verified = predecessorHistory.LastOrDefault(e => e.Digest == digest && e.IsSuccess && e.Verification == VerificationResults.Verified);
        if (verified is not null)
            return new GateVerdict("verified", true, $"{Digests.Short(digest)} passed verification in '{predecessor}' at {verified.Time:u}");
        var failed = predecessorHistory.LastOrDefault(e => e.Digest == digest && e.Verification == VerificationResults.Failed);
        return new GateVerdict("verified", false, failed is not null
            ? $"{Digests.Short(digest)} failed verification in '{predecessor}' at {failed.Time:u}: {failed.VerificationEvidence}"
            : $"'{predecessor}' never verified {Digests.Short(digest)} (no deploy of it there passed verification)");
    }
}
