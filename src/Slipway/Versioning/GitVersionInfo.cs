namespace Slipway.Versioning;

/// <summary>The GitVersion variables Slipway uses (from <c>gitversion /output json</c>, or <see cref="FallbackVersion"/>).</summary>
/// <param name="SemVer">e.g. <c>1.2.0-alpha.3</c>.</param>
/// <param name="FullSemVer">e.g. <c>1.2.0-alpha.3</c> or <c>1.2.0+5</c>.</param>
/// <param name="InformationalVersion">e.g. <c>1.2.0-alpha.3+Branch.develop.Sha.3f9c...</c>.</param>
/// <param name="Sha">Full sha of the commit GitVersion looked at.</param>
/// <param name="BranchName">The branch GitVersion saw.</param>
/// <param name="MajorMinorPatch">e.g. <c>1.2.0</c>.</param>
/// <param name="FallbackReason">Why GitVersion gave no version, when this is the fallback; null when GitVersion computed it.</param>
public sealed record GitVersionInfo(
    string SemVer,
    string FullSemVer,
    string InformationalVersion,
    string Sha,
    string BranchName,
    string MajorMinorPatch,
    string? FallbackReason = null);
