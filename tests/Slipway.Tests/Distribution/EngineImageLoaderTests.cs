using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Tests.Reliability;

namespace Slipway.Tests.Distribution;

/// <summary>Loading an image Slipway assembled (never pushed) into the real engine, with a tiny synthetic base the engine lacks.</summary>
[Collection(DockerCollection.Name)]
public sealed class EngineImageLoaderTests
{
    [Fact]
    public async Task An_assembled_image_is_loaded_with_its_base_layers_read_from_the_registry_and_gets_the_config_digest_as_image_ID()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        using var dir = new TempDir();
        var app = await SyntheticApp.CreateAsync(registry, layerSize: 64 * 1024, dir.Path);
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        using var client = new RegistryClient(registry.Url, insecure: true);
        var tag = $"slipway-test/loader-{Guid.NewGuid():N}:v1";
        try
        {
            var id = await EngineImageLoader.LoadAsync(docker, app.Image, tag, client, new MemoryBuildLog());

            Assert.Equal(app.Image.ConfigDigest, id);
            var loaded = await docker.Images.InspectImageAsync(tag);
            Assert.Equal(app.Image.ConfigDigest, loaded.ID);
            Assert.Equal(2, loaded.RootFS.Layers.Count); // the base's layer and the app's
        }
        finally
        {
            await RemoveAsync(docker, app.Image.ConfigDigest);
        }
    }

    [Fact]
    public async Task Without_the_base_in_the_engine_or_a_reachable_registry_the_load_fails_clearly_and_loads_nothing()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        using var dir = new TempDir();
        var app = await SyntheticApp.CreateAsync(registry, layerSize: 1024, dir.Path);
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        using var client = new RegistryClient(registry.Url, insecure: true, options: RegistryFixture.FastOptions);
        await registry.StopAsync();

        var ex = await Assert.ThrowsAsync<SlipwayException>(() =>
            EngineImageLoader.LoadAsync(docker, app.Image, $"slipway-test/loader-{Guid.NewGuid():N}:v1", client, new MemoryBuildLog()));

        Assert.Contains($"the engine lacks its base image (image ID {app.Image.Base.ConfigDigest}", ex.Message);
        Assert.Contains($"cannot reach registry {registry.Url}/", ex.Message);
        Assert.Contains("Fix: bring the registry back, or load the base image into the build engine", ex.Message);
        await Assert.ThrowsAsync<DockerImageNotFoundException>(() => docker.Images.InspectImageAsync(app.Image.ConfigDigest));
    }

    private static async Task RemoveAsync(IDockerClient docker, string id)
    {
        try { await docker.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }); }
        catch (DockerImageNotFoundException) { }
    }
}
