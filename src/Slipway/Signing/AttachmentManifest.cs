using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Reads and writes cosign attachment manifests: an OCI image manifest (containers/image reads no other type there) whose
/// layers are the attachments, with a minimal config as cosign writes it.
/// </summary>
public static class AttachmentManifest
{
    /// <summary>The layers under <paramref name="tag"/>, or null when the tag does not exist.</summary>
    public static async Task<IReadOnlyList<AttachmentLayer>?> ReadAsync(RegistryClient registry, string repo, string tag, CancellationToken ct)
    {
        if (await registry.HeadManifestAsync(repo, tag, ct) is null) return null;
        var manifest = await registry.GetManifestAsync(repo, tag, ct);
        using var doc = JsonDocument.Parse(manifest.Bytes);
        var layers = new List<AttachmentLayer>();
        if (!doc.RootElement.TryGetProperty("layers", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new SlipwayException($"{registry.Describe(repo, tag)} is not a cosign attachment manifest (no layers)");
        foreach (var layer in list.EnumerateArray())
        {
            var digest = layer.GetProperty("digest").GetString()!;
            var annotations = layer.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
                ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
                : new Dictionary<string, string>();
            layers.Add(new AttachmentLayer(layer.GetProperty("mediaType").GetString() ?? "",
                await registry.GetBlobBytesAsync(repo, digest, ct), annotations));
        }
        return layers;
    }

    /// <summary>Writes <paramref name="layers"/> under <paramref name="tag"/>: missing blobs first, then the manifest.</summary>
    public static async Task<string> WriteAsync(RegistryClient registry, string repo, string tag, IReadOnlyList<AttachmentLayer> layers, CancellationToken ct)
    {
        var config = Config(layers);
        foreach (var blob in layers.Select(l => l.Content).Append(config))
        {
            var digest = Digests.Sha256(blob);
            if (!await registry.BlobExistsAsync(repo, digest, ct)) await registry.UploadBlobAsync(repo, blob, ct);
        }
        return await registry.PutManifestAsync(repo, tag, Manifest(layers, config), MediaTypes.OciManifest, ct);
    }

    /// <summary>The manifest bytes for <paramref name="layers"/> with <paramref name="config"/>.</summary>
    public static byte[] Manifest(IReadOnlyList<AttachmentLayer> layers, byte[] config) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciManifest,
        ["config"] = new JsonObject { ["mediaType"] = MediaTypes.OciConfig, ["size"] = config.Length, ["digest"] = Digests.Sha256(config) },
        ["layers"] = new JsonArray(layers.Select(l => (JsonNode)new JsonObject
        {
            ["mediaType"] = l.MediaType, ["size"] = l.Content.Length, ["digest"] = l.Digest,
            ["annotations"] = new JsonObject(l.Annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
        }).ToArray()),
    }.ToJsonString());

    private static byte[] Config(IReadOnlyList<AttachmentLayer> layers) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["architecture"] = "", ["config"] = new JsonObject(), ["created"] = "0001-01-01T00:00:00Z",
        ["history"] = new JsonArray(new JsonObject { ["created"] = "0001-01-01T00:00:00Z" }), ["os"] = "",
        ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layers.Select(l => (JsonNode)l.Digest).ToArray()) },
    }.ToJsonString());
}
