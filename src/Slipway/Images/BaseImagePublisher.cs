using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>
/// Puts the base image into the environment's registry, so application images can be assembled on top of
/// it without an engine: the base goes to &lt;namespace&gt;/base-&lt;name&gt;:&lt;tag&gt; once, pushed through the
/// engine (a first push of the ~300 MB base takes about 10 s on loopback). When the engine's base differs from
/// the registry's copy (the recipe was rebuilt), the engine's is pushed again: that tag is a cache of the
/// engine's base, not a release tag.
/// </summary>
public static class BaseImagePublisher
{
    /// <summary>The repository path of a base image in a registry namespace: &lt;namespace&gt;/base-&lt;name&gt;.</summary>
    public static string RepositoryPath(string registryNamespace, string baseName) =>
        $"{registryNamespace.Trim('/')}/base-{baseName}".TrimStart('/');

    /// <summary>The tag of the base image reference (latest when it has none).</summary>
    public static string TagOf(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0) return "sha-" + image[(at + 1)..].Split(':')[^1][..12];
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[(colon + 1)..] : "latest";
    }

    /// <summary>Makes sure <paramref name="registry"/> holds the engine's base image; returns it as stored there.</summary>
    public static async Task<RegistryBaseImage> EnsureAsync(IDockerClient docker, RegistryClient registry, AuthConfig auth,
        string image, string? recipeDirectory, string repository, IBuildLog log, CancellationToken ct = default)
    {
        var tag = TagOf(image);
        var stored = await registry.HeadManifestAsync(repository, tag, ct) is null ? null : await ReadAsync(registry, repository, tag, ct);
        var engineId = await BaseImage.ExistsAsync(docker, image, ct) ? (await docker.Images.InspectImageAsync(image, ct)).ID : null;
        if (stored is not null && (engineId is null || engineId == stored.ConfigDigest))
        {
            log.Detail($"base image {image} is in the registry as {registry.Host}/{repository}:{tag} ({stored.Manifest.Digest})");
            return stored;
        }

        if (engineId is null) await BaseImage.EnsureAsync(docker, image, recipeDirectory, log, ct);
        var target = $"{registry.Host}/{repository}";
        log.Info(stored is null
            ? $"base image {image} is not in the registry yet: pushing it once through the engine as {target}:{tag}"
            : $"base image {image} in the engine ({engineId![..19]}) differs from {target}:{tag} ({stored.ConfigDigest[..19]}): pushing the engine's");
        var id = (await docker.Images.InspectImageAsync(image, ct)).ID;
        try
        {
            await ImagePusher.PushAsync(docker, id, target, tag, auth, log, ct);
        }
        finally
        {
            // the registry tag was only needed for the push; untagging keeps the engine's image list clean
            try { await docker.Images.DeleteImageAsync($"{target}:{tag}", new ImageDeleteParameters { NoPrune = true }, ct); }
            catch (DockerApiException ex) { log.Detail($"could not untag {target}:{tag}: {ex.Message}"); }
        }
        var pushed = await ReadAsync(registry, repository, tag, ct);
        if (pushed.ConfigDigest != id)
            throw new SlipwayException($"The registry's {target}:{tag} has config {pushed.ConfigDigest}, but the engine pushed {id}. " +
                                       "Fix: check for another writer of that base tag.");
        return pushed;
    }

    private static async Task<RegistryBaseImage> ReadAsync(RegistryClient registry, string repository, string tag, CancellationToken ct)
    {
        var manifest = await registry.GetManifestAsync(repository, tag, ct);
        var model = ManifestModel.Parse(manifest);
        if (model.Config is null)
            throw new SlipwayException($"{registry.Host}/{repository}:{tag} is a multi-platform index, not an image. " +
                                       "Fix: point the catalog's base image at a single-platform (linux/amd64) image.");
        var config = await registry.GetBlobBytesAsync(repository, model.Config.Digest, ct);
        return new RegistryBaseImage(repository, tag, manifest, config);
    }
}
