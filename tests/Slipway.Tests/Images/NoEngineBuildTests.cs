using System.Text.Json.Nodes;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Images;

/// <summary>
/// The real build host on a machine whose build engine does not exist (DOCKER_HOST names a socket nobody listens on): with the
/// base in a registry, Push (Checkout, Maven, DockerBuild, Push) succeeds without any engine, and its dry run touches nothing.
/// </summary>
public sealed class NoEngineBuildTests
{
    private const string Environment = "noengine";

    [Fact]
    public async Task DockerBuild_and_Push_need_no_engine_when_the_base_is_an_arm64_entry_of_an_oci_index_in_another_registry()
    {
        await using var hub = await TestRegistry.StartAsync();
        var baseImage = MultiPlatformBase.Create(oci: true, layerSize: 100_000, "linux/amd64", "linux/arm64");
        using (var client = new RegistryClient(hub.Url, insecure: true))
            await baseImage.PushAsync(client, "library/tomcat", "10.1-jre17");
        await using var chain = await LocalChain.StartAsync(json =>
        {
            json["registries"]!["hub"] = new JsonObject { ["url"] = hub.Url, ["namespace"] = "library", ["insecure"] = true };
            json["baseImages"]!["tomcat"] = new JsonObject
            {
                ["registry"] = "hub", ["image"] = "library/tomcat:10.1-jre17", ["platform"] = "linux/arm64",
            };
        }, environment: Environment, @namespace: Environment);
        var catalog = Path.Combine(chain.Folder, "noengine-services.json");
        await File.WriteAllTextAsync(catalog, chain.CatalogText);
        using var missing = new TempDir();
        var noEngine = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix://" + missing.Combine("docker.sock") };
        Task<Slipway.Processes.ProcessResult> Push(params string[] more) => BuildCli.RunAsync(noEngine,
            ["Push", "--env", Environment, "--service", LocalChain.Service, "--catalog", catalog, "--state-directory", chain.Paths.Root, .. more]);
        using var registry = chain.RegistryClient();
        var baseRepo = $"{Environment}/base-tomcat";

        var dryRun = await Push("--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Output());
        Assert.Contains($"on {hub.Host}/library/tomcat:10.1-jre17 (linux/arm64)", dryRun.Output());
        Assert.Contains("read from registry 'hub' without an engine", dryRun.Output());
        Assert.Null(await registry.HeadManifestAsync(baseRepo, "10.1-jre17"));

        var pushed = await Push();
        Assert.True(pushed.ExitCode == 0, pushed.Output());
        Assert.Contains("copying base image", pushed.Output());
        Assert.Contains("no Docker engine needed", pushed.Output()); // Setup neither installs nor starts one
        var arm = baseImage.For("linux/arm64");
        Assert.Equal(arm.Digest, await registry.HeadManifestAsync(baseRepo, "10.1-jre17"));
        var push = (await chain.LedgerAsync(Environment)).Last(e => e.Action == LedgerActions.Push);
        var app = ManifestModel.Parse(await registry.GetManifestAsync($"{Environment}/{LocalChain.Service}", push.Tag!));
        Assert.Equal(MediaTypes.OciManifest, app.MediaType);
        Assert.Equal(arm.LayerDigest, app.Layers[0].Digest);
        Assert.Equal((push.Digest!, "linux/arm64"), await Skopeo.PlatformAsync(new Uri(chain.RegistryUrl).Authority, $"{Environment}/{LocalChain.Service}", push.Tag!));
    }
}
