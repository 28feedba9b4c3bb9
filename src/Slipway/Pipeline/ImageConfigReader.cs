using System.Text.Json;
using Slipway.Registry;

namespace Slipway.Pipeline;

/// <summary>Reads a label from an image's config blob in the registry.</summary>
public static class ImageConfigReader
{
    public static async Task<string?> ReadLabelAsync(RegistryClient registry, string repo, string digest, string label,
        CancellationToken ct)
    {
        var manifest = ManifestModel.Parse(await registry.GetManifestAsync(repo, digest, ct));
        if (manifest.Config is null) return null;
        await using var blob = await registry.OpenBlobAsync(repo, manifest.Config.Digest, ct);
        using var config = await JsonDocument.ParseAsync(blob, cancellationToken: ct);
        return config.RootElement.TryGetProperty("config", out var c) &&
               c.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object &&
               labels.TryGetProperty(label, out var value)
            ? value.GetString()
            : null;
    }
}
