using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// A tag read back right after its manifest PUT resolves to another digest (or to nothing): another push moved it in between.
/// Registries offer no compare-and-set on tags, so the read-back is how a push learns that it lost a race.
/// </summary>
public sealed class TagMovedException(string image, string tag, string expected, string? found)
    : SlipwayException(
        $"Tag {image}:{tag} was moved by another push: this run put {expected} there, and the registry now answers " +
        $"{found ?? "nothing (the tag was deleted)"}. Registries have no compare-and-set on tags, so another push of the same tag " +
        "landed between this run's PUT and its read-back; this push counts as failed and nothing is deployed from it. " +
        $"Fix: leave {tag} to the other push (the release ledger shows its successful push of that tag); run the build again, " +
        "which gives this image a new tag")
{
    /// <summary>The tag, without the repository.</summary>
    public string Tag { get; } = tag;
    /// <summary>The digest this run PUT.</summary>
    public string Expected { get; } = expected;
    /// <summary>What the tag resolved to on the read-back; null when it was gone.</summary>
    public string? Found { get; } = found;
}
