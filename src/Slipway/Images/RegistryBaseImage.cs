using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>The base image as the environment's registry holds it: where, its manifest and its config.</summary>
/// <param name="Repository">Repository path in the registry, e.g. ncerepo/base-tomcat10-jre17.</param>
/// <param name="Reference">Tag of the base in that repository.</param>
/// <param name="Manifest">The base manifest (schema 2): its layers become the app image's first layers.</param>
/// <param name="Config">The base config JSON bytes: the app config is derived from it.</param>
/// <param name="Platform">The platform selected from a multi-platform base; the app config says it. Null: the config's own.</param>
public sealed record RegistryBaseImage(string Repository, string Reference, ManifestContent Manifest, byte[] Config,
    Catalog.ImagePlatform? Platform = null)
{
    private static readonly ConcurrentDictionary<string, UserDatabase> Users = new();

    /// <summary>The base config's digest (equal to the engine's image ID of the base).</summary>
    public string ConfigDigest => ManifestModel.Parse(Manifest).Config!.Digest;

    /// <summary>The base's layers in order, as the manifest lists them.</summary>
    public IReadOnlyList<Descriptor> Layers => ManifestModel.Parse(Manifest).Layers;

    /// <summary>
    /// The base image's /etc/passwd and /etc/group, read by streaming its layers from the registry (newest layer
    /// first; a whole ~125 MB base takes about a second) and cached per config digest for this process.
    /// </summary>
    public async Task<UserDatabase> UsersAsync(RegistryClient registry, CancellationToken ct)
    {
        if (Users.TryGetValue(ConfigDigest, out var cached)) return cached;
        string? passwd = null, group = null;
        foreach (var layer in Layers.Reverse())
        {
            if (MediaTypes.IsZstdLayer(layer.MediaType))
                throw new Diagnostics.SlipwayException($"Base image {Repository}:{Reference}: layer {layer.Digest} is zstd-compressed, and Slipway " +
                    "reads the base's /etc/passwd from its layers with gzip or plain tar only. Fix: use a base whose layers are gzip (docker push, skopeo copy " +
                    "without --dest-compress-format zstd)");
            await using var blob = await registry.OpenBlobAsync(Repository, layer.Digest, ct);
            await using var content = MediaTypes.IsUncompressedLayer(layer.MediaType) ? blob : new GZipStream(blob, CompressionMode.Decompress);
            using var tar = new TarReader(content);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                if (name == "etc/passwd" && passwd is null) passwd = await ReadAsync(entry.DataStream, ct);
                else if (name == "etc/group" && group is null) group = await ReadAsync(entry.DataStream, ct);
                if (passwd is not null && group is not null) break;
            }
            if (passwd is not null && group is not null) break;
        }
        var users = passwd is null ? UserDatabase.RootOnly : new UserDatabase(passwd, group ?? "root:x:0:\n");
        return Users[ConfigDigest] = users;
    }

    private static async Task<string> ReadAsync(Stream data, CancellationToken ct)
    {
        using var reader = new StreamReader(data, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(ct);
    }
}
