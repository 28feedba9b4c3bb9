using System.Formats.Tar;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>
/// Puts an image Slipway assembled into a docker engine without a registry: writes a docker-archive (the
/// <c>docker save</c> format: <c>manifest.json</c> with Config, RepoTags and Layers, the config JSON, one
/// <c>&lt;digest&gt;/layer.tar</c> per layer, gzipped as assembled) and loads it through the engine's image load API.
/// The engine's image ID is then the image's config digest, checked after the load.
/// </summary>
public static class EngineImageLoader
{
    /// <summary>
    /// Loads <paramref name="image"/> into <paramref name="docker"/> as <paramref name="repoTag"/> (null: untagged) and returns
    /// its image ID. The base layers come from the engine when it has the base image (the archive then names them without
    /// their bytes), else from <paramref name="registry"/>; when neither has them the error says so.
    /// </summary>
    public static async Task<string> LoadAsync(IDockerClient docker, AppImage image, string? repoTag, RegistryClient? registry,
        IBuildLog log, CancellationToken ct = default)
    {
        var what = repoTag ?? image.ConfigDigest;
        var engineHasBase = await HasImageAsync(docker, image.Base.ConfigDigest, ct);
        var archive = Path.Combine(Path.GetTempPath(), $"slipway-load-{Guid.NewGuid():N}.tar");
        try
        {
            await WriteArchiveAsync(archive, image, repoTag, engineHasBase ? null : registry ?? throw MissingBase(image, what, null), ct);
            log.Info($"loading {what} ({image.Layers.Count} app layer(s){(engineHasBase ? " on the base the engine already has" : " and the base layers")}) " +
                     "into the build engine");
            var progress = new DockerProgress(log);
            await using (var tar = File.OpenRead(archive))
                await docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, tar, progress, ct);
            progress.ThrowIfFailed($"docker load of {what}");
        }
        finally
        {
            File.Delete(archive);
        }
        var loaded = (await docker.Images.InspectImageAsync(repoTag ?? image.ConfigDigest, ct)).ID;
        if (loaded != image.ConfigDigest)
            throw new SlipwayException($"After docker load, the build engine reports {what} as {loaded}, not {image.ConfigDigest} as assembled. " +
                                       "Fix: check the engine's log and disk, then run the chain again");
        return loaded;
    }

    private static async Task WriteArchiveAsync(string path, AppImage image, string? repoTag, RegistryClient? baseSource, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: false);
        var configName = image.ConfigDigest["sha256:".Length..] + ".json";
        await WriteAsync(tar, configName, new MemoryStream(image.Config, writable: false), ct);
        var layerNames = new List<string>();
        foreach (var layer in image.Base.Layers)
        {
            var name = LayerName(layer.Digest);
            layerNames.Add(name);
            // An engine that has the base skips the bytes of layers it already holds (it looks them up by chain ID),
            // so they are named without being written.
            if (baseSource is null) continue;
            await WriteBlobAsync(tar, name, baseSource, image, layer.Digest, ct);
        }
        foreach (var layer in image.Layers)
        {
            var name = LayerName(layer.Digest);
            layerNames.Add(name);
            await WriteAsync(tar, name, new MemoryStream(layer.Compressed, writable: false), ct);
        }
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = repoTag is null ? new JsonArray() : new JsonArray(repoTag),
            ["Layers"] = new JsonArray(layerNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
        });
        await WriteAsync(tar, "manifest.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString())), ct);
    }

    private static async Task WriteBlobAsync(TarWriter tar, string name, RegistryClient registry, AppImage image, string digest, CancellationToken ct)
    {
        // The tar writer needs the length up front: spool the blob to a temp file first.
        var spool = Path.Combine(Path.GetTempPath(), $"slipway-blob-{Guid.NewGuid():N}");
        try
        {
            try
            {
                await using var blob = await registry.OpenBlobAsync(image.Base.Repository, digest, ct);
                await using var target = File.Create(spool);
                await blob.CopyToAsync(target, ct);
            }
            catch (RegistryException ex)
            {
                throw MissingBase(image, name, ex);
            }
            await using var data = File.OpenRead(spool);
            await WriteAsync(tar, name, data, ct);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static SlipwayException MissingBase(AppImage image, string what, Exception? cause) => new(
        $"Cannot load {what} into the build engine: the engine lacks its base image (image ID {image.Base.ConfigDigest}, " +
        $"{image.Base.Repository}:{image.Base.Reference} in the registry) and the registry cannot serve its layers" +
        (cause is null ? "" : $" ({cause.Message})") + ". Fix: bring the registry back, or load the base image into the build engine " +
        "(docker pull, or build it from its recipe)", cause);

    private static string LayerName(string digest) => digest["sha256:".Length..] + "/layer.tar";

    private static async Task WriteAsync(TarWriter tar, string name, Stream data, CancellationToken ct)
    {
        await using (data)
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data }, ct);
    }

    private static async Task<bool> HasImageAsync(IDockerClient docker, string id, CancellationToken ct)
    {
        try
        {
            return (await docker.Images.InspectImageAsync(id, ct)).ID == id;
        }
        catch (DockerImageNotFoundException) { return false; }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound) { return false; }
    }
}
