using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>A tiny schema 2 image generated in memory: random gzip layers, a config, and the manifest bytes.</summary>
public sealed record TestImage(byte[] Config, string ConfigDigest, IReadOnlyList<(byte[] Bytes, string Digest)> Layers, byte[] Manifest, string Digest)
{
    public const string MediaType = MediaTypes.DockerManifest;

    public long LayerBytes => Layers.Sum(l => (long)l.Bytes.Length);

    /// <summary>
    /// Builds an image with <paramref name="layerCount"/> random layers of about <paramref name="layerSize"/> bytes; the last
    /// one of <paramref name="lastLayerSize"/> bytes when given (a small app layer on big base layers).
    /// </summary>
    public static TestImage Create(int layerCount = 2, int layerSize = 4096, int? lastLayerSize = null)
    {
        var layers = new List<(byte[], string)>();
        var diffIds = new List<string>();
        for (var i = 0; i < layerCount; i++)
        {
            var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"app/file{i}.bin")
                {
                    DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(i == layerCount - 1 ? lastLayerSize ?? layerSize : layerSize)),
                };
                writer.WriteEntry(entry);
            }
            var tarBytes = tar.ToArray();
            diffIds.Add(Digests.Sha256(tarBytes));
            var gz = new MemoryStream();
            using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tarBytes);
            var layer = gz.ToArray();
            layers.Add((layer, Digests.Sha256(layer)));
        }
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/true\"]}," +
            "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + string.Join(",", diffIds.Select(d => $"\"{d}\"")) + "]}}");
        var configDigest = Digests.Sha256(config);
        // Deliberately idiosyncratic formatting: a re-serializing copier would change the digest.
        var manifest = Encoding.UTF8.GetBytes(
            "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"" + MediaType + "\",\n" +
            $"   \"config\": {{ \"mediaType\": \"{MediaTypes.DockerConfig}\", \"size\": {config.Length}, \"digest\": \"{configDigest}\" }},\n" +
            "   \"layers\": [" + string.Join(",", layers.Select(l =>
                $"\n      {{ \"mediaType\": \"{MediaTypes.DockerLayerGzip}\", \"size\": {l.Item1.Length}, \"digest\": \"{l.Item2}\" }}")) +
            "\n   ]\n}");
        return new TestImage(config, configDigest, layers, manifest, Digests.Sha256(manifest));
    }

    /// <summary>Uploads blobs and manifest to <paramref name="repo"/>:<paramref name="tag"/>.</summary>
    public async Task PushAsync(RegistryClient client, string repo, string tag)
    {
        await client.UploadBlobAsync(repo, Config);
        foreach (var (bytes, _) in Layers) await client.UploadBlobAsync(repo, bytes);
        var digest = await client.PutManifestAsync(repo, tag, Manifest, MediaType);
        if (digest != Digest) throw new InvalidOperationException($"the registry stored {repo}:{tag} as {digest}, not {Digest}");
    }
}
