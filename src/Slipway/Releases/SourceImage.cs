namespace Slipway.Releases;

/// <summary>The image an environment runs, as promotion takes it.</summary>
/// <param name="Environment">The environment that runs it.</param>
/// <param name="Digest">Manifest digest in that environment's registry.</param>
/// <param name="Tag">Its date-based tag, when known.</param>
/// <param name="Commit">Its source commit, when known.</param>
/// <param name="Evidence">Where this came from, for logs (e.g. "running on host 'localhost'", "release ledger, deploy at ...").</param>
public sealed record SourceImage(string Environment, string Digest, string? Tag, string? Commit, string Evidence);
