using System.Text.Json;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>A base image read from a registry for one platform: its image manifest, its config and the platform it is for.</summary>
/// <param name="Manifest">The platform's image manifest (Docker schema 2 or OCI), digest verified.</param>
/// <param name="Config">The config JSON bytes, digest verified.</param>
/// <param name="Platform">The platform the manifest is for (the index entry's, with its variant).</param>
public sealed record SelectedBase(ManifestContent Manifest, byte[] Config, ImagePlatform Platform);

/// <summary>
/// Reads a base image by tag or digest from any registry: an OCI index or Docker manifest list is narrowed to the catalog's
/// platform, and a single image must be for that platform. A digest reference is verified by the registry client (the bytes
/// must hash to it), and so is every child manifest and the config.
/// </summary>
public static class RegistryBaseReader
{
    public static async Task<SelectedBase> ReadAsync(RegistryClient registry, ImageReference reference, ImagePlatform platform,
        CancellationToken ct = default)
    {
        var what = $"{registry.Describe(reference.Repository, reference.Reference)} (registry '{registry.Name}')";
        var top = await registry.GetManifestAsync(reference.Repository, reference.Reference, ct);
        var model = ManifestModel.Parse(top);
        var manifest = top;
        var selected = platform;
        if (model.IsIndex)
        {
            var entry = Select(model, platform, what);
            manifest = await registry.GetManifestAsync(reference.Repository, entry.Digest, ct);
            model = ManifestModel.Parse(manifest);
            selected = ImagePlatform.TryParse(entry.Platform)!;
            if (model.IsIndex)
                throw new SlipwayException($"Base image {what}: the {platform} entry {entry.Digest} is itself an index. " +
                                           "Fix: point the catalog's base image at that platform's image manifest by digest");
        }
        var config = await registry.GetBlobBytesAsync(reference.Repository, model.Config!.Digest, ct);
        if (ConfigPlatform(config) is { } own && !selected.Matches(own) && !own.Matches(selected))
            throw new SlipwayException($"Base image {what} is a {own} image ({manifest.Digest}), not {platform} as the catalog asks. " +
                                       $"Fix: set the base's \"platform\" to \"{own}\", or point \"image\" at a {platform} image or a multi-platform index");
        return new SelectedBase(manifest, config, selected);
    }

    /// <summary>The entry of <paramref name="index"/> for <paramref name="platform"/>; fails listing the platforms the index has.</summary>
    public static Descriptor Select(ManifestModel index, ImagePlatform platform, string what)
    {
        var images = index.Manifests
            .Select(m => (Entry: m, Platform: ImagePlatform.TryParse(m.Platform)))
            .Where(m => m.Platform is not null && m.Platform.Os != "unknown") // attestation manifests say unknown/unknown
            .ToList();
        var match = images.FirstOrDefault(m => platform.Matches(m.Platform!));
        if (match.Entry is not null) return match.Entry;
        var present = images.Count == 0 ? "none with a platform" : string.Join(", ", images.Select(m => m.Platform!.ToString()).Distinct());
        throw new SlipwayException($"Base image {what} is a multi-platform index without {platform}: it has {present}. " +
                                   "Fix: set the base's \"platform\" in the catalog to one of those, or use a base built for " + platform);
    }

    private static ImagePlatform? ConfigPlatform(byte[] config)
    {
        using var json = JsonDocument.Parse(config);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return Text("os") is { Length: > 0 } os && Text("architecture") is { Length: > 0 } arch
            ? new ImagePlatform(os, arch, Text("variant") is { Length: > 0 } variant ? variant : null)
            : null;
    }
}
