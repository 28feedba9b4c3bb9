using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>What a publish moved.</summary>
/// <param name="Digest">The manifest digest.</param>
/// <param name="BlobsPresent">Blobs the repository already had (HEAD 200).</param>
/// <param name="BlobsMounted">Base layers mounted from the base repository.</param>
/// <param name="BlobsUploaded">Blobs uploaded.</param>
/// <param name="BytesUploaded">Bytes of the uploaded blobs.</param>
public sealed record PublishResult(string Digest, int BlobsPresent, int BlobsMounted, int BlobsUploaded, long BytesUploaded);

/// <summary>
/// Pushes an <see cref="AppImage"/> straight to a registry, without an engine: for every blob HEAD, then (base
/// layers) mount from the base repository, else upload; then PUT the manifest bytes under a tag. Only missing
/// blobs move, so a one-line code change uploads the classes layer and the config.
/// </summary>
public static class AppImagePublisher
{
    /// <summary>Makes sure every blob of <paramref name="image"/> is in <paramref name="repository"/>.</summary>
    public static async Task<PublishResult> PushBlobsAsync(RegistryClient registry, string repository, AppImage image, IBuildLog log,
        CancellationToken ct = default)
    {
        int present = 0, mounted = 0, uploaded = 0;
        long bytes = 0;
        foreach (var layer in image.Base.Layers)
        {
            if (await registry.BlobExistsAsync(repository, layer.Digest, ct)) { present++; continue; }
            if (await registry.MountBlobAsync(repository, layer.Digest, image.Base.Repository, ct)) { mounted++; continue; }
            log.Detail($"mount of base layer {layer.Digest} refused: copying it from {image.Base.Repository}");
            await registry.UploadBlobAsync(repository, layer.Digest, t => registry.OpenBlobAsync(image.Base.Repository, layer.Digest, t), layer.Size, ct);
            uploaded++;
            bytes += layer.Size;
        }
        foreach (var (name, data, digest) in image.Layers.Select(l => (l.Name + " layer", l.Compressed, l.Digest))
                     .Append(("config", image.Config, image.ConfigDigest)))
        {
            if (await registry.BlobExistsAsync(repository, digest, ct)) { present++; log.Detail($"{name} {digest[..19]} is already there"); continue; }
            await registry.UploadBlobAsync(repository, digest, new MemoryStream(data, writable: false), data.Length, ct);
            log.Detail($"uploaded {name} {digest[..19]} ({data.Length} bytes)");
            uploaded++;
            bytes += data.Length;
        }
        return new PublishResult(image.Digest, present, mounted, uploaded, bytes);
    }

    /// <summary>PUTs the manifest under <paramref name="tag"/>; returns the digest the registry reports.</summary>
    public static async Task<string> PutAsync(RegistryClient registry, string repository, string tag, AppImage image, CancellationToken ct = default)
    {
        var digest = await registry.PutManifestAsync(repository, tag, image.Manifest, image.MediaType, ct);
        if (digest != image.Digest)
            throw new SlipwayException($"The registry stored {registry.Host}/{repository}:{tag} as {digest}, but Slipway sent {image.Digest}. " +
                                       "Fix: check for a proxy that rewrites manifests.");
        return digest;
    }
}
