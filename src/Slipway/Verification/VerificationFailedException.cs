using Slipway.Diagnostics;

namespace Slipway.Verification;

/// <summary>Verification after a deploy saw more failed checks than the catalog tolerates.</summary>
public sealed class VerificationFailedException(string summary, VerificationOutcome outcome)
    : SlipwayException($"{summary} {Fix}")
{
    /// <summary>What failed, without the fix: the caller adds what it did about it.</summary>
    public string Summary { get; } = summary;
    public VerificationOutcome Outcome { get; } = outcome;
    public const string Fix = "Fix: see the failed checks above; correct the build, its configuration or the catalog's verification checks, then deploy again.";
}
