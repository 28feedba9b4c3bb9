using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>The image an environment runs, as promotion takes it.</summary>
/// <param name="Environment">The environment that runs it.</param>
/// <param name="Digest">Manifest digest in that environment's registry; null only in a dry run that could not read it.</param>
/// <param name="Tag">Its date-based tag, when known.</param>
/// <param name="Commit">Its source commit, when known.</param>
/// <param name="Evidence">Where this came from, for logs (e.g. "running on host 'localhost'", "release ledger, deploy at ...").</param>
public sealed record SourceImage(string Environment, Digest? Digest, string? Tag, string? Commit, string Evidence)
{
    /// <summary>The digest as registries and messages write it; a placeholder in a dry run that could not read it.</summary>
    public string DigestText => Digest?.Value ?? $"sha256:<digest '{Environment}' runs>";
}
