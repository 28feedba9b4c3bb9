using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>
/// An application image assembled by Slipway, ready to push: the base's layers, the application layers, the
/// config derived from the base's config, and the manifest bytes (OCI on an OCI base, else Docker schema 2).
/// </summary>
/// <param name="Base">The base image in the registry.</param>
/// <param name="Layers">The application layers, in image order.</param>
/// <param name="Config">The image config JSON bytes.</param>
/// <param name="Manifest">The manifest bytes (what is PUT under every tag).</param>
public sealed record AppImage(RegistryBaseImage Base, IReadOnlyList<LayerBlob> Layers, byte[] Config, byte[] Manifest)
{
    /// <summary>The config digest: what the engine shows as the image ID.</summary>
    public string ConfigDigest => Digests.Sha256(Config);

    /// <summary>The manifest digest: the image's identity in every registry it is copied to.</summary>
    public string Digest => Digests.Sha256(Manifest);

    /// <summary>The manifest's media type (its Content-Type on PUT).</summary>
    public string MediaType => ManifestModel.Parse(Manifest).MediaType;
}

/// <summary>
/// Builds an application image's config and manifest from the base's, as Jib does: the base config's
/// Env, User, WorkingDir and ExposedPorts are kept; Entrypoint and Cmd are set (so the image is right on any
/// base); labels are merged; rootfs.diff_ids and history get one entry per application layer; the build-container
/// fields of the base (container, container_config, docker_version) are dropped; os/architecture/variant are the base's
/// selected platform. The manifest keeps the base's media-type family (an OCI base gives an OCI manifest, config and app
/// layers), so an image never mixes Docker and OCI descriptors.
/// The config's <c>created</c> (and each new history entry's) is the commit time, so it does not change between
/// rebuilds of one commit; the build time is in the <c>org.opencontainers.image.created</c> label.
/// </summary>
public static class AppImageAssembler
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Assembles the image from the base and the layers.</summary>
    public static AppImage Assemble(RegistryBaseImage baseImage, IReadOnlyList<LayerBlob> layers,
        IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<string> entrypoint, IReadOnlyList<string> cmd,
        DateTimeOffset created)
    {
        var config = Config(baseImage.Config, layers, labels, entrypoint, cmd, created, baseImage.Platform);
        var manifest = Manifest(config, baseImage.Layers, layers, Oci(baseImage.Manifest.MediaType));
        return new AppImage(baseImage, layers, config, manifest);
    }

    /// <summary>The derived config JSON.</summary>
    public static byte[] Config(byte[] baseConfig, IReadOnlyList<LayerBlob> layers, IReadOnlyList<KeyValuePair<string, string>> labels,
        IReadOnlyList<string> entrypoint, IReadOnlyList<string> cmd, DateTimeOffset created, ImagePlatform? platform = null)
    {
        var root = JsonNode.Parse(baseConfig)!.AsObject();
        if (platform is not null)
        {
            root["os"] = platform.Os;
            root["architecture"] = platform.Architecture;
            if (platform.Variant is null) root.Remove("variant");
            else root["variant"] = platform.Variant;
        }
        var stamp = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        foreach (var buildOnly in new[] { "container", "container_config", "docker_version", "author" }) root.Remove(buildOnly);
        root["created"] = stamp;

        var c = root["config"] as JsonObject ?? new JsonObject();
        root["config"] = c;
        c["Entrypoint"] = new JsonArray(entrypoint.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray());
        c["Cmd"] = new JsonArray(cmd.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray());
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (c["Labels"] is JsonObject baseLabels)
            foreach (var (key, value) in baseLabels) merged[key] = value?.GetValue<string>() ?? "";
        foreach (var (key, value) in labels) merged[key] = value;
        c["Labels"] = new JsonObject(merged.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

        var rootfs = root["rootfs"] as JsonObject ?? new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() };
        root["rootfs"] = rootfs;
        var diffIds = rootfs["diff_ids"] as JsonArray ?? new JsonArray();
        rootfs["diff_ids"] = diffIds;
        var history = root["history"] as JsonArray ?? new JsonArray();
        root["history"] = history;
        foreach (var layer in layers)
        {
            diffIds.Add(layer.DiffId);
            history.Add(new JsonObject { ["created"] = stamp, ["created_by"] = $"slipway: {layer.Name} layer", ["comment"] = "slipway" });
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString(Json));
    }

    /// <summary>The Docker schema 2 (or, with <paramref name="oci"/>, OCI) manifest for the config, the base layers and the application layers.</summary>
    public static byte[] Manifest(byte[] config, IReadOnlyList<Descriptor> baseLayers, IReadOnlyList<LayerBlob> layers, bool oci = false)
    {
        var layerType = oci ? MediaTypes.OciLayerGzip : MediaTypes.DockerLayerGzip;
        JsonObject Descriptor(string mediaType, long size, string digest) =>
            new() { ["mediaType"] = mediaType, ["size"] = size, ["digest"] = digest };
        var list = new JsonArray();
        foreach (var l in baseLayers) list.Add(Descriptor(string.IsNullOrEmpty(l.MediaType) ? layerType : l.MediaType, l.Size, l.Digest));
        foreach (var l in layers) list.Add(Descriptor(layerType, l.Size, l.Digest));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
            ["config"] = Descriptor(oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, config.Length, Digests.Sha256(config)),
            ["layers"] = list,
        };
        return Encoding.UTF8.GetBytes(manifest.ToJsonString(Json));
    }

    private static bool Oci(string baseMediaType) => baseMediaType == MediaTypes.OciManifest;
}
