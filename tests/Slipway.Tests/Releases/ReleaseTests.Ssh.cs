using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

public sealed partial class ReleaseTests
{
    [Fact]
    public async Task With_the_registry_stopped_deploy_delivers_the_image_over_a_real_sshd_to_another_engine_and_the_service_answers()
    {
        await using var sshd = await SshServer.StartAsync();
        await using var farEngine = await SecondDockerEngine.StartAsync();
        using var farClient = farEngine.Client();
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        var host = new DockerHostSpec
        {
            Name = "far-host", Endpoint = farEngine.Endpoint, Address = "127.0.0.1", Ssh = sshd.Target(dockerHost: farEngine.Endpoint),
        };
        var (catalog, port) = f.CatalogWith("promo-ssh", registry.Url, host);
        using var ctx = f.Context(catalog, "promo-ssh");
        var run = f.BuiltRun(catalog, "promo-ssh");
        await registry.StopAsync();

        await DeployStep.RunAsync(ctx, run);

        var localId = (await f.Chain.Docker.Images.InspectImageAsync(f.Built.ImageId!.ToString())).ID;
        var farImage = await farClient.Images.InspectImageAsync(localId); // its own store: only there because it travelled
        Assert.Equal(localId, farImage.ID);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(200, (int)(await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode);
        var container = Assert.Single(await farClient.Containers.ListContainersAsync(new()));
        Assert.Equal(localId, container.ImageID);
        Assert.Equal(f.Built.Digest!.Value, container.Labels["slipway.io/digest"]);
        Assert.Contains("does not answer: delivering the image", f.Chain.Log.Text);
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-ssh"));
        Assert.Equal((LedgerActions.Deploy, LedgerEntry.Succeeded), (entry.Action, entry.Result));
        Assert.Contains("delivered over ssh", entry.Message);
        Assert.Equal(("ssh", localId, f.Built.Digest!.Value), (entry.Delivery, entry.ImageId, entry.Digest));
    }

    [Fact]
    public async Task An_unknown_host_key_is_refused_with_the_host_and_the_known_hosts_file_named()
    {
        await using var sshd = await SshServer.StartAsync();
        var host = new DockerHostSpec
        {
            // The engine answers (the deploy lock is taken on it first); the SSH server's host key is not the known one.
            Name = "impostor", Endpoint = Slipway.Chain.DockerClients.DefaultSocket, Address = "127.0.0.1",
            Ssh = sshd.Target(dockerHost: "unix:///nonexistent/docker.sock", wrongHostKey: true),
        };
        var (catalog, _) = f.CatalogWith("promo-impostor", f.Chain.RegistryUrl, host);
        using var ctx = f.Context(catalog, "promo-impostor", distribution: "ssh");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => DeployStep.RunAsync(ctx, f.BuiltRun(catalog, "promo-impostor")));

        Assert.Contains("Host key verification failed", ex.Message);
        Assert.Contains("'impostor'", ex.Message);
        Assert.Contains(sshd.WrongKnownHostsFile, ex.Message);
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-impostor"));
        Assert.Equal(LedgerEntry.Failed, entry.Result);
    }

    /// <summary>
    /// The fixture's image assembled again with one more label: same layers, new config and manifest digests, so no engine
    /// or registry has seen it (a new build, without running Maven again).
    /// </summary>
    private static AppImage Reassembled(AppImage image, string marker)
    {
        var config = JsonNode.Parse(image.Config)!;
        string[] Strings(string key) => config["config"]![key]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var labels = config["config"]!["Labels"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))
            .Append(KeyValuePair.Create("io.slipway.test.reassembled", $"{marker}-{Guid.NewGuid():N}")).ToList();
        return AppImageAssembler.Assemble(image.Base, image.Layers, labels, Strings("Entrypoint"), Strings("Cmd"),
            DateTimeOffset.Parse(config["created"]!.GetValue<string>()));
    }

    private async Task RemoveFromBuildEngineAsync(string imageId)
    {
        try { await f.Chain.Docker.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = true }); }
        catch (Docker.DotNet.DockerImageNotFoundException) { }
    }

    /// <summary>
    /// Both ways an image the build engine lacks reaches a host over SSH, on one sshd and one far engine (the second delivery
    /// then finds the base layers there, which keeps this test at one ~300 MB extraction on vfs): by pulling its digest from a
    /// registry that answers, and, for a new build whose push found the registry down, by loading the assembled image.
    /// </summary>
    [Fact]
    public async Task Ssh_delivery_pulls_a_digest_the_build_engine_lacks_and_loads_a_new_build_the_registry_never_got_which_then_answers()
    {
        await using var sshd = await SshServer.StartAsync();
        await using var farEngine = await SecondDockerEngine.StartAsync();
        using var farClient = farEngine.Client();
        var host = new DockerHostSpec
        {
            Name = "far-host", Endpoint = farEngine.Endpoint, Address = "127.0.0.1", Ssh = sshd.Target(dockerHost: farEngine.Endpoint),
        };
        var pulled = Reassembled(f.Built.Image!, "pull");
        var fresh = Reassembled(f.Built.Image!, "registry-down");
        try
        {
            await PullsTheDigestAsync(host, pulled, farClient);
            await LoadsTheNewBuildAsync(host, fresh, farClient);
        }
        finally
        {
            await RemoveFromBuildEngineAsync(pulled.ConfigDigest);
            await RemoveFromBuildEngineAsync(fresh.ConfigDigest);
        }
    }

    /// <summary>Registry up, --distribution ssh, an image only the registry has: the build engine pulls it by digest, then sends it.</summary>
    private async Task PullsTheDigestAsync(DockerHostSpec host, AppImage image, Docker.DotNet.IDockerClient farClient)
    {
        var repo = $"{ReleaseFixture.Source}/{LocalChain.Service}";
        using (var registryA = f.Chain.RegistryClient())
        {
            await AppImagePublisher.PushBlobsAsync(registryA, repo, image, new MemoryBuildLog());
            await AppImagePublisher.PutAsync(registryA, repo, "main-20990101-000011", image);
        }
        var (catalog, _) = f.CatalogWith("promo-ssh-pull", f.Chain.RegistryUrl, host);
        using var ctx = f.Context(catalog, "promo-ssh-pull", distribution: "ssh");
        var run = f.BuiltRun(catalog, "promo-ssh-pull");
        (run.Digest, run.Tag, run.Image, run.ImageId) = (Digest.Parse(image.Digest, "test"), null, null, null); // only the registry has it
        var mode = catalog.Environments["promo-ssh-pull"].Docker!;
        var input = DeployStep.InputOf(run);

        var spec = await ImageDistribution.PrepareAsync(ctx, input, host, DistributionMode.Ssh, ContainerSpecFactory.Create(ctx, input, host, mode));

        Assert.Contains($"the build engine lacks {DeployStep.InputOf(run).ImageByDigest.ToString()}: pulling it from the registry", f.Chain.Log.Text);
        Assert.Equal(image.ConfigDigest, (await f.Chain.Docker.Images.InspectImageAsync(DeployStep.InputOf(run).ImageByDigest.ToString())).ID);
        Assert.Equal(image.ConfigDigest, (await farClient.Images.InspectImageAsync(image.ConfigDigest)).ID);
        Assert.Equal((image.ConfigDigest, image.Digest, true), (spec.Image, spec.Digest?.Value, spec.SkipPull));
    }

    /// <summary>--distribution auto, the registry down at Push: the push is recorded as failed, Deploy loads and sends the image.</summary>
    private async Task LoadsTheNewBuildAsync(DockerHostSpec host, AppImage image, Docker.DotNet.IDockerClient farClient)
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        var (catalog, port) = f.CatalogWith("promo-ssh-new", registry.Url, host);
        using var ctx = f.Context(catalog, "promo-ssh-new"); // --distribution auto
        var run = f.BuiltRun(catalog, "promo-ssh-new", tag: "main-20990101-000010");
        (run.Image, run.ImageId) = (image, new ImageId(Digest.Parse(image.ConfigDigest, "test")));
        await Assert.ThrowsAsync<Docker.DotNet.DockerImageNotFoundException>(() => f.Chain.Docker.Images.InspectImageAsync(image.ConfigDigest));
        await registry.StopAsync();

        await PushStep.RunAsync(ctx, run);
        await DeployStep.RunAsync(ctx, run);

        Assert.Null(run.Digest);
        Assert.Equal(image.ConfigDigest, (await f.Chain.Docker.Images.InspectImageAsync($"{run.Settings.ImageRepository}:{run.Tag}")).ID);
        var container = Assert.Single(await farClient.Containers.ListContainersAsync(new()));
        Assert.Equal(image.ConfigDigest, container.ImageID); // only there because it travelled over ssh
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(200, (int)(await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode);
        var history = await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-ssh-new");
        Assert.Equal([(LedgerActions.Push, LedgerEntry.Failed), (LedgerActions.Deploy, LedgerEntry.Succeeded)],
            history.OrderBy(e => e.Action == LedgerActions.Deploy).Select(e => (e.Action, e.Result)).ToArray());
        Assert.Contains($"cannot reach registry {registry.Url}/", history.Single(e => e.Action == LedgerActions.Push).Message);
        var deploy = history.Single(e => e.Action == LedgerActions.Deploy);
        Assert.Contains("delivered over ssh", deploy.Message);
        Assert.Contains("the registry never got this image", deploy.Message);
        // The route is explicit, and the image ID is never recorded where a registry digest belongs.
        Assert.Equal(("ssh", image.ConfigDigest, (string?)null), (deploy.Delivery, deploy.ImageId, deploy.Digest));
    }
}
