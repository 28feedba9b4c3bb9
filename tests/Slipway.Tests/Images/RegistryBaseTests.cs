using System.Text.Json;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.Tests.Images;

/// <summary>
/// Bases read from a registry, not the engine (real docker-registry A as the base's registry, B as the environment's): an
/// index is narrowed to the catalog's platform, the base is copied registry to registry or used in place, and the app image
/// assembled on it keeps the base's media-type family and platform.
/// </summary>
[Collection("registry")]
public sealed class RegistryBaseTests(RegistryFixture registries)
{
    private static readonly ImagePlatform Arm64 = ImagePlatform.TryParse("linux/arm64")!;

    [Fact]
    public async Task An_oci_index_in_another_registry_is_narrowed_to_arm64_copied_once_and_the_app_image_is_oci_arm64()
    {
        using var hub = registries.ClientA();
        using var env = registries.ClientB();
        var baseImage = MultiPlatformBase.Create(oci: true, layerSize: 300_000, "linux/amd64", "linux/arm64");
        var upstream = RegistryFixture.Repo("library/tomcat");
        await baseImage.PushAsync(hub, upstream, "10.1-jre17");
        var baseRepo = RegistryFixture.Repo("base-tomcat");
        var arm = baseImage.For("linux/arm64");
        env.Transfer.Reset();

        var copied = await RegistryBaseCopier.EnsureAsync(hub, ImageReference.InRegistry(hub.Host, upstream + ":10.1-jre17"), Arm64,
            env, baseRepo, new MemoryBuildLog());

        Assert.Equal((baseRepo, arm.Digest), (copied.Repository, copied.Manifest.Digest));
        Assert.Equal([arm.LayerDigest], copied.Layers.Select(l => l.Digest));
        Assert.Equal(arm.Digest, await env.HeadManifestAsync(baseRepo, "10.1-jre17"));
        Assert.False(await env.BlobExistsAsync(baseRepo, baseImage.For("linux/amd64").LayerDigest), "the amd64 layer must not be copied");
        Assert.True(env.Transfer.BytesSent > arm.Layer.Length, $"the arm64 layer is streamed into the environment's registry: {env.Transfer}");

        env.Transfer.Reset();
        await RegistryBaseCopier.EnsureAsync(hub, ImageReference.InRegistry(hub.Host, upstream + ":10.1-jre17"), Arm64, env, baseRepo, new MemoryBuildLog());
        Assert.True(env.Transfer.BytesSent < 2_000, $"a second build copies nothing: {env.Transfer}");

        var app = Assemble(copied);
        Assert.Equal(MediaTypes.OciManifest, app.MediaType);
        var manifest = ManifestModel.Parse(app.Manifest);
        Assert.Equal(MediaTypes.OciConfig, manifest.Config!.MediaType);
        Assert.All(manifest.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        Assert.Equal(101, (await copied.UsersAsync(env, default)).Resolve("tomcat", "base").Uid);

        var (pushed, platform) = await PushAndInspectAsync(env, app);
        Assert.Equal((1, 2), (pushed.BlobsMounted, pushed.BlobsUploaded)); // the base layer from the base repository; app layer + config
        Assert.Equal("linux/arm64", platform);
    }

    [Fact]
    public async Task A_base_in_the_environments_registry_is_used_in_place_and_push_mounts_its_layers()
    {
        using var env = registries.ClientB();
        var baseImage = MultiPlatformBase.Create(oci: false, layerSize: 50_000, "linux/amd64", "linux/arm64/v8");
        var upstream = RegistryFixture.Repo("mirror/tomcat");
        await baseImage.PushAsync(env, upstream, "10.1");
        var baseRepo = RegistryFixture.Repo("base-tomcat");
        var amd = baseImage.For("linux/amd64");
        env.Transfer.Reset();

        var inPlace = await RegistryBaseCopier.EnsureAsync(env, ImageReference.InRegistry(env.Host, upstream + ":10.1"), ImagePlatform.Default,
            env, baseRepo, new MemoryBuildLog());

        Assert.Equal((upstream, amd.Digest), (inPlace.Repository, inPlace.Manifest.Digest));
        Assert.Null(await env.HeadManifestAsync(baseRepo, "10.1"));
        Assert.True(env.Transfer.BytesSent < 2_000, $"nothing is copied: {env.Transfer}");

        var app = Assemble(inPlace);
        Assert.Equal(MediaTypes.DockerManifest, app.MediaType);
        var (pushed, platform) = await PushAndInspectAsync(env, app);
        Assert.Equal((1, 0), (pushed.BlobsMounted, pushed.BlobsPresent));
        Assert.Equal("linux/amd64", platform);
    }

    [Fact]
    public async Task A_digest_pinned_base_is_read_by_its_digest_and_a_platform_the_index_lacks_names_the_ones_present()
    {
        using var hub = registries.ClientA();
        var baseImage = MultiPlatformBase.Create(oci: true, layerSize: 1_000, "linux/amd64", "linux/arm64/v8");
        var upstream = RegistryFixture.Repo("library/tomcat");
        await baseImage.PushAsync(hub, upstream, "moving-tag");
        await MultiPlatformBase.Create(oci: true, layerSize: 1_000, "linux/amd64", "linux/arm64/v8").PushAsync(hub, upstream, "moving-tag");

        var pinned = await RegistryBaseReader.ReadAsync(hub, ImageReference.InRegistry(hub.Host, $"{upstream}@{baseImage.IndexDigest}"), Arm64);
        Assert.Equal(baseImage.For("linux/arm64/v8").Digest, pinned.Manifest.Digest);
        Assert.Equal("linux/arm64/v8", pinned.Platform.ToString());
        Assert.Equal(baseImage.For("linux/arm64/v8").Config, pinned.Config);

        var missing = await Assert.ThrowsAsync<SlipwayException>(() =>
            RegistryBaseReader.ReadAsync(hub, ImageReference.InRegistry(hub.Host, $"{upstream}@{baseImage.IndexDigest}"), ImagePlatform.TryParse("linux/s390x")!));
        Assert.Contains("without linux/s390x: it has linux/amd64, linux/arm64/v8", missing.Message);

        var single = baseImage.For("linux/amd64");
        var wrong = await Assert.ThrowsAsync<SlipwayException>(() =>
            RegistryBaseReader.ReadAsync(hub, ImageReference.InRegistry(hub.Host, $"{upstream}@{single.Digest}"), Arm64));
        Assert.Contains("is a linux/amd64 image", wrong.Message);
        Assert.Contains("set the base's \"platform\" to \"linux/amd64\"", wrong.Message);
    }

    /// <summary>Pushes <paramref name="app"/> to a new repository of B; skopeo then reads its digest (must be the app's) and platform.</summary>
    private async Task<(PublishResult Pushed, string Platform)> PushAndInspectAsync(RegistryClient env, AppImage app)
    {
        var appRepo = RegistryFixture.Repo("svc");
        var pushed = await AppImagePublisher.PushBlobsAsync(env, appRepo, app, new MemoryBuildLog());
        await AppImagePublisher.PutAsync(env, appRepo, "v1", app);
        var (digest, platform) = await Skopeo.PlatformAsync(registries.B.Host, appRepo, "v1");
        Assert.Equal(app.Digest, digest);
        return (pushed, platform);
    }

    private static AppImage Assemble(RegistryBaseImage baseImage)
    {
        var app = TestImage.Create(layerCount: 1, layerSize: 2_000);
        var (bytes, digest) = app.Layers[0];
        var diffId = JsonDocument.Parse(app.Config).RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString()!;
        return AppImageAssembler.Assemble(baseImage, [new LayerBlob("classes", bytes, digest, diffId, 1)], [], ImagePlan.Entrypoint, [],
            DateTimeOffset.Parse("2026-12-04T00:00:00Z"));
    }
}
