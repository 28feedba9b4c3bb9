using System.Net;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

[Collection("registry")]
public class RegistryClientTests(RegistryFixture registries)
{
    [Fact]
    public async Task Manifest_round_trip_keeps_exact_bytes_and_digest()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("roundtrip");
        var image = TestImage.Create();
        await image.PushAsync(client, repo, "v1");

        var byTag = await client.GetManifestAsync(repo, "v1");
        Assert.Equal(image.Manifest, byTag.Bytes);
        Assert.Equal(image.Digest, byTag.Digest);
        Assert.Equal(MediaTypes.DockerManifest, byTag.MediaType);
        var byDigest = await client.GetManifestAsync(repo, image.Digest);
        Assert.Equal(image.Manifest, byDigest.Bytes);
        Assert.Equal(image.Digest, await client.HeadManifestAsync(repo, "v1"));
    }

    [Fact]
    public async Task Head_of_a_missing_tag_is_null()
    {
        using var client = registries.ClientA();
        Assert.Null(await client.HeadManifestAsync(RegistryFixture.Repo("missing"), "nope"));
    }

    [Fact]
    public async Task Manifest_model_lists_config_and_layers_and_config_is_readable()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("model");
        var image = TestImage.Create(layerCount: 3);
        await image.PushAsync(client, repo, "v1");

        var model = ManifestModel.Parse(await client.GetManifestAsync(repo, "v1"));
        Assert.Equal(image.ConfigDigest, model.Config!.Digest);
        Assert.Equal(image.Layers.Select(l => l.Digest), model.Layers.Select(l => l.Digest));
        Assert.Equal(image.Layers.Select(l => (long)l.Bytes.Length), model.Layers.Select(l => l.Size));
        Assert.Equal(image.Config, await client.GetImageConfigAsync(repo, "v1"));
    }

    [Fact]
    public async Task Put_manifest_with_missing_blobs_reports_the_registry_error()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("noblobs");
        var image = TestImage.Create();
        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.PutManifestAsync(repo, "v1", image.Manifest, TestImage.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains(ex.Errors, e => e.Code == "MANIFEST_BLOB_UNKNOWN");
        Assert.StartsWith($"PUT manifest {registries.A.Host}/{repo}:v1 failed: 400 MANIFEST_BLOB_UNKNOWN", ex.Message);
    }

    [Fact]
    public async Task Tags_are_listed_and_delete_by_digest_removes_them()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("tags");
        var image = TestImage.Create(layerCount: 1);
        await image.PushAsync(client, repo, "a");
        await client.PutManifestAsync(repo, "b", image.Manifest, TestImage.MediaType);
        Assert.Equal(["a", "b"], (await client.ListTagsAsync(repo)).Order());

        await client.DeleteManifestAsync(repo, image.Digest);
        Assert.Null(await client.HeadManifestAsync(repo, "a"));
        Assert.Null(await client.HeadManifestAsync(repo, "b"));
        Assert.Empty(await client.ListTagsAsync(RegistryFixture.Repo("never-pushed")));
    }

    [Fact]
    public async Task Chunked_upload_stores_the_blob()
    {
        var options = RegistryFixture.FastOptions with { UploadMode = BlobUploadMode.Chunked, ChunkSize = 1000 };
        using var client = new RegistryClient(registries.A.Url, insecure: true, options: options);
        var repo = RegistryFixture.Repo("chunked");
        var data = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4321);
        var digest = await client.UploadBlobAsync(repo, data);
        Assert.True(await client.BlobExistsAsync(repo, digest));
        Assert.Equal(data, await client.GetBlobBytesAsync(repo, digest));
        Assert.True(client.BytesSent >= data.Length);
    }

    [Fact]
    public async Task Mount_in_the_same_registry_returns_true_and_unknown_source_returns_false()
    {
        using var client = registries.ClientA();
        var src = RegistryFixture.Repo("mount-src");
        var dst = RegistryFixture.Repo("mount-dst");
        var digest = await client.UploadBlobAsync(src, System.Security.Cryptography.RandomNumberGenerator.GetBytes(100));
        Assert.True(await client.MountBlobAsync(dst, digest, src));
        Assert.True(await client.BlobExistsAsync(dst, digest));
        var other = Digests.Sha256([1, 2, 3]);
        Assert.False(await client.MountBlobAsync(RegistryFixture.Repo("mount-dst2"), other, src));
    }

    [Fact]
    public async Task Upload_with_a_wrong_digest_is_rejected_and_not_retried()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("baddigest");
        var wrong = Digests.Sha256([9, 9, 9]);
        var ex = await Assert.ThrowsAsync<RegistryException>(() =>
            client.UploadBlobAsync(repo, wrong, new MemoryStream([1, 2, 3]), 3));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains(ex.Errors, e => e.Code == "DIGEST_INVALID");
        Assert.False(ex.IsTransient);
        Assert.Equal(2, client.Transfer.Requests); // one POST, one PUT: no retry of a permanent error
    }

    [Fact]
    public async Task Counters_count_body_bytes()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("count");
        var image = TestImage.Create(layerCount: 1, layerSize: 20000);
        await image.PushAsync(client, repo, "v1");
        Assert.True(client.BytesSent >= image.LayerBytes + image.Config.Length + image.Manifest.Length);
        client.Transfer.Reset();
        await client.GetManifestAsync(repo, "v1");
        Assert.Equal(image.Manifest.Length, client.BytesReceived);
    }
}
