using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Tests.TestSupport;

namespace Slipway.Tests.Releases;

public sealed partial class ReleaseTests
{
    [Fact]
    public async Task With_the_registry_stopped_deploy_delivers_the_image_over_a_real_sshd_to_another_engine_and_the_service_answers()
    {
        await using var sshd = await SshServer.StartAsync();
        await using var farEngine = await SecondDockerEngine.StartAsync();
        using var farClient = farEngine.Client();
        var registry = await LocalRegistryServer.StartForTestAsync();
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

        var localId = (await f.Chain.Docker.Images.InspectImageAsync(f.Built.ImageId)).ID;
        var farImage = await farClient.Images.InspectImageAsync(localId); // its own store: only there because it travelled
        Assert.Equal(localId, farImage.ID);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(200, (int)(await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode);
        var container = Assert.Single(await farClient.Containers.ListContainersAsync(new()));
        Assert.Equal(localId, container.ImageID);
        Assert.Equal(f.Built.Digest, container.Labels["io.slipway.digest"]);
        Assert.Contains("does not answer: delivering the image", f.Chain.Log.Text);
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-ssh"));
        Assert.Equal((LedgerActions.Deploy, LedgerEntry.Succeeded), (entry.Action, entry.Result));
        Assert.Contains("delivered over ssh", entry.Message);
    }

    [Fact]
    public async Task An_unknown_host_key_is_refused_with_the_host_and_the_known_hosts_file_named()
    {
        await using var sshd = await SshServer.StartAsync();
        var host = new DockerHostSpec
        {
            Name = "impostor", Endpoint = "unix:///nonexistent/docker.sock", Address = "127.0.0.1",
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
}
