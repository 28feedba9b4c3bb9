using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>
/// Puts a base image that lives in a registry where application images can be assembled on it, with no engine: in the
/// environment's own registry the base's repository is used as it is (Push mounts its layers from there); from any other
/// registry the selected platform's manifest and blobs are copied registry to registry into &lt;namespace&gt;/base-&lt;name&gt;
/// (only the blobs missing there move; the copy keeps the manifest digest).
/// </summary>
public static class RegistryBaseCopier
{
    public static async Task<RegistryBaseImage> EnsureAsync(RegistryClient source, ImageReference reference, ImagePlatform platform,
        RegistryClient target, string targetRepository, IBuildLog log, CancellationToken ct = default)
    {
        var selected = await RegistryBaseReader.ReadAsync(source, reference, platform, ct);
        var digest = selected.Manifest.Digest;
        if (source.BaseUri == target.BaseUri)
        {
            log.Detail($"base image {reference} ({selected.Platform}, {digest}) is in the environment's registry: its layers are mounted from {reference.Repository}");
            return new RegistryBaseImage(reference.Repository, digest, selected.Manifest, selected.Config, selected.Platform);
        }

        var tag = BaseImagePublisher.TagOf(reference.ToString());
        if (await target.HeadManifestAsync(targetRepository, tag, ct) == digest)
            log.Detail($"base image {reference} ({selected.Platform}, {digest}) is in the registry as {target.Host}/{targetRepository}:{tag}");
        else
        {
            log.Info($"copying base image {reference} ({selected.Platform}, {digest}) from registry '{source.Name}' to {target.Host}/{targetRepository}:{tag}");
            await new ImageCopier(log).CopyAsync(source, reference.Repository, digest, target, targetRepository, tag,
                new CopyOptions { SourceManifest = selected.Manifest }, ct);
        }
        return new RegistryBaseImage(targetRepository, tag, selected.Manifest, selected.Config, selected.Platform);
    }
}
