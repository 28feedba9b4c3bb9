using System.Text.Json;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>A content descriptor: what a manifest says about a blob or child manifest.</summary>
/// <param name="MediaType">Media type of the referenced content.</param>
/// <param name="Digest">Content digest.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Platform">"os/architecture[/variant]" for index entries, else null.</param>
public sealed record Descriptor(string MediaType, string Digest, long Size, string? Platform = null);

/// <summary>A manifest as fetched: the exact bytes plus what the registry said about them.</summary>
/// <param name="Bytes">The manifest bytes exactly as stored; PUT these, never a re-serialization.</param>
/// <param name="MediaType">Content-Type of the manifest.</param>
/// <param name="Digest">Verified digest of <paramref name="Bytes"/>.</param>
public sealed record ManifestContent(byte[] Bytes, string MediaType, string Digest)
{
    /// <summary>Builds a content record for bytes in hand (digest computed locally).</summary>
    public static ManifestContent FromBytes(byte[] bytes, string mediaType) => new(bytes, mediaType, Digests.Sha256(bytes));

    /// <summary>True when this is a manifest list / OCI index.</summary>
    public bool IsIndex => MediaTypes.IsIndex(MediaType);
}

/// <summary>
/// Read-only view of a schema 2 / OCI image manifest (config + layers) or of an index (child manifests).
/// Parsing is for planning only: the bytes are never re-serialized.
/// </summary>
public sealed record ManifestModel
{
    /// <summary>Media type (from the JSON, or the Content-Type when the JSON has none).</summary>
    public string MediaType { get; init; } = "";
    /// <summary>Config blob of an image manifest; null for an index.</summary>
    public Descriptor? Config { get; init; }
    /// <summary>Layer blobs of an image manifest, in order.</summary>
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];
    /// <summary>Child manifests of an index.</summary>
    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];

    /// <summary>True for a manifest list / OCI index.</summary>
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>Config followed by the layers: every blob the manifest references.</summary>
    public IEnumerable<Descriptor> Blobs => Config is null ? Layers : Layers.Prepend(Config);

    /// <summary>Parses manifest bytes. <paramref name="mediaType"/> is the Content-Type, used when the JSON lacks one.</summary>
    public static ManifestModel Parse(ReadOnlySpan<byte> bytes, string? mediaType = null)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes.ToArray());
            var root = doc.RootElement;
            var type = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : mediaType ?? "";
            if (string.IsNullOrEmpty(type) || (!MediaTypes.IsIndex(type) && !MediaTypes.IsImageManifest(type)))
                type = root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
                     : root.TryGetProperty("layers", out _) ? (string.IsNullOrEmpty(type) ? MediaTypes.OciManifest : type)
                     : type;
            if (MediaTypes.IsIndex(type))
                return new ManifestModel { MediaType = type, Manifests = ReadList(root, "manifests") };
            if (!root.TryGetProperty("config", out var config))
                throw new SlipwayException($"manifest of type '{type}' has no config descriptor (schema 1 manifests are not supported; fetch with the full Accept list)");
            return new ManifestModel { MediaType = type, Config = ReadDescriptor(config), Layers = ReadList(root, "layers") };
        }
        catch (JsonException ex)
        {
            throw new SlipwayException($"manifest is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Parses <paramref name="content"/>.</summary>
    public static ManifestModel Parse(ManifestContent content) => Parse(content.Bytes, content.MediaType);

    private static IReadOnlyList<Descriptor> ReadList(JsonElement root, string name) =>
        root.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(ReadDescriptor).ToList()
            : [];

    private static Descriptor ReadDescriptor(JsonElement e)
    {
        string? platform = null;
        if (e.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var os = p.TryGetProperty("os", out var o) ? o.GetString() : "?";
            var arch = p.TryGetProperty("architecture", out var a) ? a.GetString() : "?";
            platform = p.TryGetProperty("variant", out var v) ? $"{os}/{arch}/{v.GetString()}" : $"{os}/{arch}";
        }
        var digest = e.TryGetProperty("digest", out var d) ? d.GetString() ?? "" : "";
        if (!Digests.IsValid(digest))
            throw new SlipwayException($"manifest descriptor has an invalid digest '{digest}'");
        return new Descriptor(
            e.TryGetProperty("mediaType", out var m) ? m.GetString() ?? "" : "",
            digest,
            e.TryGetProperty("size", out var s) && s.TryGetInt64(out var size) ? size : -1,
            platform);
    }
}
