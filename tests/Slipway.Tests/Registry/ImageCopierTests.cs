using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

[Collection("registry")]
public class ImageCopierTests(RegistryFixture registries)
{
    [Fact]
    public async Task Copy_within_one_registry_mounts_every_blob_and_keeps_the_digest()
    {
        using var client = registries.ClientA();
        var src = RegistryFixture.Repo("within-src");
        var dst = RegistryFixture.Repo("within-dst");
        var image = TestImage.Create(layerCount: 2, layerSize: 50_000);
        await image.PushAsync(client, src, "build-1");
        client.Transfer.Reset();

        var result = await new ImageCopier().CopyAsync(client, src, "build-1", client, dst, "test");

        Assert.Equal(image.Digest, result.Digest);
        Assert.Equal(3, result.BlobsMounted);
        Assert.Equal(0, result.BlobsCopied);
        Assert.Equal(0, result.BytesCopied);
        Assert.True(client.BytesSent < 10_000, $"only the manifest should move, sent {client.BytesSent}");
        Assert.Equal(image.Manifest, (await client.GetManifestAsync(dst, "test")).Bytes);
    }

    [Fact]
    public async Task Across_registries_blobs_another_repository_of_the_target_holds_are_mounted_from_it_not_streamed()
    {
        using var a = registries.ClientA();
        using var b = registries.ClientB();
        var image = TestImage.Create(layerCount: 3, layerSize: 500_000, lastLayerSize: 2_000); // two base layers, a small app layer
        var src = RegistryFixture.Repo("second-svc");
        var dst = RegistryFixture.Repo("second-svc");
        var firstService = RegistryFixture.Repo("first-svc");
        await image.PushAsync(a, src, "v1");
        foreach (var (bytes, _) in image.Layers.Take(2)) await b.UploadBlobAsync(firstService, bytes); // its promotion brought the base
        var total = image.LayerBytes + image.Config.Length;
        b.Transfer.Reset();

        var options = new CopyOptions { MountFrom = [RegistryFixture.Repo("never-pushed"), firstService] };
        var result = await new ImageCopier().CopyAsync(a, src, "v1", b, dst, "v1", options);

        Assert.Equal((0, 2, 2), (result.BlobsSkipped, result.BlobsMounted, result.BlobsCopied));
        Assert.Equal(image.Layers[2].Bytes.Length + image.Config.Length, result.BytesCopied);
        Assert.True(b.Transfer.BytesSent < total / 100, $"sent {b.Transfer.BytesSent} B of a {total} B image");
        Assert.Equal(image.Digest, await b.HeadManifestAsync(dst, "v1"));
        Assert.Equal(image.Layers[0].Bytes, await b.GetBlobBytesAsync(dst, image.Layers[0].Digest));
    }

    [Fact]
    public async Task Retag_in_the_same_repository_skips_every_blob()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("retag");
        var image = TestImage.Create();
        await image.PushAsync(client, repo, "build-1");
        var result = await new ImageCopier().CopyAsync(client, repo, "build-1", client, repo, "stable");
        Assert.Equal(3, result.BlobsSkipped);
        Assert.Equal(image.Digest, await client.HeadManifestAsync(repo, "stable"));
    }

    [Fact]
    public async Task Copy_across_registries_streams_only_missing_blobs_and_keeps_the_digest()
    {
        using var a = registries.ClientA();
        using var b = registries.ClientB();
        var repo = RegistryFixture.Repo("across");
        var image = TestImage.Create(layerCount: 2, layerSize: 30_000);
        await image.PushAsync(a, repo, "1.0");

        var first = await new ImageCopier().CopyAsync(a, repo, "1.0", b, repo, "1.0");
        Assert.Equal(image.Digest, first.Digest);
        Assert.Equal(3, first.BlobsCopied);
        Assert.Equal(image.LayerBytes + image.Config.Length, first.BytesCopied);
        Assert.True(b.BytesSent >= first.BytesCopied);

        var second = await new ImageCopier().CopyAsync(a, repo, "1.0", b, repo, "1.0-again");
        Assert.Equal(0, second.BlobsCopied);
        Assert.Equal(0, second.BytesCopied);
        Assert.Equal(3, second.BlobsSkipped);

        Assert.Equal(image.Manifest, (await b.GetManifestAsync(repo, "1.0")).Bytes);
        Assert.Equal(image.Digest, await SkopeoDigestAsync(registries.B.Host, repo, "1.0-again"));
    }

    [Fact]
    public async Task Copy_of_an_index_copies_children_and_keeps_the_index_bytes()
    {
        using var a = registries.ClientA();
        using var b = registries.ClientB();
        var repo = RegistryFixture.Repo("index");
        var amd = TestImage.Create(layerCount: 1);
        var arm = TestImage.Create(layerCount: 1);
        await amd.PushAsync(a, repo, "amd64");
        await arm.PushAsync(a, repo, "arm64");
        var index = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.DockerManifestList,
            manifests = new[]
            {
                new { mediaType = MediaTypes.DockerManifest, size = amd.Manifest.Length, digest = amd.Digest, platform = new { architecture = "amd64", os = "linux" } },
                new { mediaType = MediaTypes.DockerManifest, size = arm.Manifest.Length, digest = arm.Digest, platform = new { architecture = "arm64", os = "linux" } },
            },
        }));
        var indexDigest = await a.PutManifestAsync(repo, "multi", index, MediaTypes.DockerManifestList);

        var result = await new ImageCopier().CopyAsync(a, repo, "multi", b, repo, "multi");
        Assert.Equal(indexDigest, result.Digest);
        Assert.Equal(3, result.ManifestsPut);
        Assert.Equal(index, (await b.GetManifestAsync(repo, "multi")).Bytes);
        Assert.Equal(arm.Manifest, (await b.GetManifestAsync(repo, arm.Digest)).Bytes);
    }

    [Fact]
    public async Task Dry_run_lists_calls_and_writes_nothing()
    {
        using var a = registries.ClientA();
        using var b = registries.ClientB();
        var repo = RegistryFixture.Repo("dry");
        var image = TestImage.Create(layerCount: 1);
        await image.PushAsync(a, repo, "1.0");
        var log = new MemoryBuildLog();
        var manifest = await a.GetManifestAsync(repo, "1.0");
        a.Transfer.Reset();

        var offline = await new ImageCopier(log).CopyAsync(a, repo, "1.0", b, repo, "1.0",
            new CopyOptions { DryRun = true, SourceManifest = manifest });
        Assert.True(offline.DryRun);
        Assert.Equal(image.Digest, offline.Digest);
        Assert.Contains($"HEAD {registries.B.Host}/v2/{repo}/blobs/{image.ConfigDigest}", offline.Calls);
        Assert.Contains($"PUT {registries.B.Host}/v2/{repo}/manifests/1.0", offline.Calls);
        Assert.Equal(0, a.Transfer.Requests + b.Transfer.Requests); // fully offline

        var planned = await new ImageCopier(log).CopyAsync(a, repo, "1.0", b, repo, "1.0", new CopyOptions { DryRun = true, DryRunMayRead = true });
        Assert.Equal(2, planned.BlobsCopied);
        Assert.Null(await b.HeadManifestAsync(repo, "1.0"));
        Assert.False(await b.BlobExistsAsync(repo, image.ConfigDigest));
    }

    [Fact]
    public async Task Skopeo_sees_the_digest_our_client_wrote()
    {
        using var a = registries.ClientA();
        var repo = RegistryFixture.Repo("skopeo");
        var image = TestImage.Create();
        await image.PushAsync(a, repo, "v1");
        Assert.Equal(image.Digest, await SkopeoDigestAsync(registries.A.Host, repo, "v1"));
    }

    private static async Task<string> SkopeoDigestAsync(string host, string repo, string tag)
    {
        var result = await Cli.Wrap("skopeo")
            .WithArguments(["inspect", "--tls-verify=false", $"docker://{host}/{repo}:{tag}"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        return doc.RootElement.GetProperty("Digest").GetString()!;
    }
}
