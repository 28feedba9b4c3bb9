using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// An image name: <c>registry[:port]/repository[:tag][@digest]</c>, e.g.
/// <c>127.0.0.1:5055/ncerepo/orders:1.4.2-3f9c2ab</c> or <c>127.0.0.1:5055/ncerepo/orders@sha256:…</c>.
/// Parsing follows Docker's rules: the first path component is the registry when it contains a '.' or ':'
/// or is "localhost"; otherwise the registry is <c>docker.io</c> (single names get the "library/" prefix).
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>Registry host and optional port, e.g. "127.0.0.1:5055" or "docker.io".</summary>
    public string Registry { get; init; }
    /// <summary>Repository path inside the registry, e.g. "ncerepo/orders".</summary>
    public string Repository { get; init; }
    /// <summary>Tag, or null when the reference has none.</summary>
    public string? Tag { get; init; }
    /// <summary>Content digest, or null when the reference has none.</summary>
    public Digest? Digest { get; init; }

    /// <summary>The default registry for names without a registry component.</summary>
    public const string DefaultRegistry = "docker.io";

    /// <summary>Creates a reference from its parts; validates every part.</summary>
    public ImageReference(string registry, string repository, string? tag = null, Digest? digest = null)
    {
        if (string.IsNullOrWhiteSpace(registry) || registry.Contains('/'))
            throw SlipwayException.Input($"registry '{registry}'", "is not a host[:port]", "use e.g. 127.0.0.1:5055");
        if (!RepositoryRegex().IsMatch(repository))
            throw SlipwayException.Input($"repository '{repository}'", "is not a valid repository path",
                "use lowercase letters, digits and '.', '_', '-' separated by '/'");
        if (tag is not null && !TagRegex().IsMatch(tag))
            throw SlipwayException.Input($"tag '{tag}'", "is not a valid tag", "use [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>What to put after <c>/manifests/</c>: the digest when present, else the tag, else "latest".</summary>
    public string Reference => Digest?.Value ?? Tag ?? "latest";

    /// <summary>Parses <paramref name="text"/>; throws a <see cref="SlipwayException"/> naming the problem.</summary>
    public static ImageReference Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw SlipwayException.Input("image reference ''", "is empty", "use registry/repository:tag");
        var (name, digest) = SplitDigest(text);
        var slash = name.IndexOf('/');
        var registry = DefaultRegistry;
        if (slash > 0 && IsRegistryComponent(name[..slash]))
        {
            registry = name[..slash];
            name = name[(slash + 1)..];
        }
        return Create(text, registry, name, digest, addLibrary: registry == DefaultRegistry);
    }

    /// <summary>
    /// Parses <paramref name="pathReference"/>, a <c>path[:tag][@digest]</c> inside the registry <paramref name="registry"/>
    /// (no host part and no "library/" added: the registry's own path is used as written).
    /// </summary>
    public static ImageReference InRegistry(string registry, string pathReference)
    {
        var (name, digest) = SplitDigest(pathReference);
        return Create(pathReference, registry, name, digest, addLibrary: false);
    }

    private static (string Name, Digest? Digest) SplitDigest(string text)
    {
        var name = text.Trim();
        var at = name.IndexOf('@');
        if (at < 0) return (name, null);
        if (!Digest.TryParse(name[(at + 1)..], out var digest))
            throw SlipwayException.Input($"image reference '{text}'", $"'{name[(at + 1)..]}' is not a valid digest", "use sha256:<64 hex digits>");
        return (name[..at], digest);
    }

    /// <summary>Splits the tag off <paramref name="name"/> (registry already removed) and validates every part.</summary>
    private static ImageReference Create(string text, string registry, string name, Digest? digest, bool addLibrary)
    {
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon >= 0) { tag = name[(colon + 1)..]; name = name[..colon]; }
        if (addLibrary && !name.Contains('/')) name = "library/" + name;
        try { return new ImageReference(registry, name, tag, digest); }
        catch (SlipwayException ex) { throw new SlipwayException($"image reference '{text}': {ex.Message}", ex); }
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse(string text, out ImageReference? reference)
    {
        try { reference = Parse(text); return true; }
        catch (SlipwayException) { reference = null; return false; }
    }

    /// <summary>Same repository with <paramref name="tag"/> and no digest.</summary>
    public ImageReference WithTag(string tag) => new(Registry, Repository, tag, null);

    /// <summary>Same repository pinned to <paramref name="digest"/>; the tag is kept for readability.</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    /// <summary>Same image name in another registry/repository (promotion target).</summary>
    public ImageReference WithRepository(string registry, string repository) => new(registry, repository, Tag, Digest);

    /// <summary>registry/repository[:tag][@digest]</summary>
    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    private static bool IsRegistryComponent(string s) =>
        s.Contains('.') || s.Contains(':') || s == "localhost" || s.Any(char.IsUpper);

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagRegex();
}
