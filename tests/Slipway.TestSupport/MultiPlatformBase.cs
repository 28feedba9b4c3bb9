using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>One platform's image of a <see cref="MultiPlatformBase"/>: its manifest, config and single layer.</summary>
public sealed record PlatformImage(string Platform, byte[] Manifest, string Digest, byte[] Config, byte[] Layer, string LayerDigest);

/// <summary>
/// A synthetic multi-platform base image generated in memory, as registries hold real ones: per platform one gzip layer
/// holding /etc/passwd and /etc/group (root and a tomcat user), /etc/slipway-platform and random padding, a config saying
/// the platform, and an image manifest; all under an OCI index or a Docker manifest list, in that family's media types.
/// </summary>
public sealed record MultiPlatformBase(byte[] Index, string IndexDigest, string IndexMediaType, IReadOnlyList<PlatformImage> Images)
{
    public PlatformImage For(string platform) => Images.Single(i => i.Platform == platform);

    public static MultiPlatformBase Create(bool oci, int layerSize, params string[] platforms)
    {
        var (manifestType, configType, layerType, indexType) = oci
            ? (MediaTypes.OciManifest, MediaTypes.OciConfig, MediaTypes.OciLayerGzip, MediaTypes.OciIndex)
            : (MediaTypes.DockerManifest, MediaTypes.DockerConfig, MediaTypes.DockerLayerGzip, MediaTypes.DockerManifestList);
        var images = platforms.Select(p => Image(p, layerSize, manifestType, configType, layerType)).ToList();
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = indexType,
            ["manifests"] = new JsonArray(images.Select(i => (JsonNode)new JsonObject
            {
                ["mediaType"] = manifestType, ["size"] = i.Manifest.Length, ["digest"] = i.Digest, ["platform"] = PlatformJson(i.Platform),
            }).ToArray()),
        };
        var bytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        return new MultiPlatformBase(bytes, Digests.Sha256(bytes), indexType, images);
    }

    /// <summary>Uploads every platform's blobs and manifest (by digest), then the index under <paramref name="tag"/>.</summary>
    public async Task PushAsync(RegistryClient client, string repo, string tag)
    {
        foreach (var image in Images)
        {
            await client.UploadBlobAsync(repo, image.Config);
            await client.UploadBlobAsync(repo, image.Layer);
            await client.PutManifestAsync(repo, image.Digest, image.Manifest, ManifestModel.Parse(image.Manifest).MediaType);
        }
        await client.PutManifestAsync(repo, tag, Index, IndexMediaType);
    }

    private static PlatformImage Image(string platform, int layerSize, string manifestType, string configType, string layerType)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string name, byte[] data) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            Add("etc/passwd", Encoding.UTF8.GetBytes("root:x:0:0:root:/root:/bin/sh\ntomcat:x:101:101::/var/lib/tomcat10:/usr/sbin/nologin\n"));
            Add("etc/group", Encoding.UTF8.GetBytes("root:x:0:\ntomcat:x:101:\n"));
            Add("etc/slipway-platform", Encoding.UTF8.GetBytes(platform + "\n"));
            Add("opt/padding.bin", RandomNumberGenerator.GetBytes(layerSize));
        }
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar.ToArray());
        var layer = gz.ToArray();
        var config = PlatformJson(platform);
        config["config"] = new JsonObject { ["User"] = "tomcat", ["Cmd"] = new JsonArray("/bin/sh") };
        config["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Digests.Sha256(tar.ToArray())) };
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = manifestType,
            ["config"] = new JsonObject { ["mediaType"] = configType, ["size"] = configBytes.Length, ["digest"] = Digests.Sha256(configBytes) },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = layerType, ["size"] = layer.Length, ["digest"] = Digests.Sha256(layer) }),
        }.ToJsonString());
        return new PlatformImage(platform, manifest, Digests.Sha256(manifest), configBytes, layer, Digests.Sha256(layer));
    }

    private static JsonObject PlatformJson(string platform)
    {
        var parts = platform.Split('/');
        var json = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
        if (parts.Length == 3) json["variant"] = parts[2];
        return json;
    }
}
