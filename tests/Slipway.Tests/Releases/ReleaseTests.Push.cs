using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Tests.Registry;

namespace Slipway.Tests.Releases;

public sealed partial class ReleaseTests
{
    [Fact]
    public async Task A_registry_that_stays_down_fails_the_push_clearly_and_leaves_no_tag()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        var (catalog, _) = f.CatalogWith("promo-down", registry.Url);
        using var ctx = f.Context(catalog, "promo-down");
        var run = f.BuiltRun(catalog, "promo-down", tag: "main-20990101-000001");
        await registry.StopAsync();

        var ex = await Assert.ThrowsAsync<RegistryException>(() => PushStep.RunAsync(ctx, run));
        Assert.Contains($"cannot reach registry {registry.Url}/", ex.Message);
        Assert.Contains("after 4 attempts", ex.Message);
        Assert.Null(run.Digest);
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-down"));
        Assert.Equal((LedgerActions.Push, LedgerEntry.Failed, "main-20990101-000001"), (entry.Action, entry.Result, entry.Tag));

        // Back up on the same storage: neither the tag nor the per-commit reference points at anything.
        var restarted = await LocalRegistryServer.EnsureRunningAsync(registry.DataDirectory, registry.Port, new MemoryBuildLog());
        try
        {
            using var client = new RegistryClient(registry.Url, insecure: true);
            var repo = $"{ReleaseFixture.Source}/{LocalChain.Service}";
            Assert.Null(await client.HeadManifestAsync(repo, run.Tag!));
            Assert.Null(await client.HeadManifestAsync(repo, run.BuildKey!));
        }
        finally { await TestRegistry.KillAsync(restarted); }
    }

    [Fact]
    public async Task A_registry_that_fails_the_first_requests_still_gets_the_push()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        // The new registry gets the base image first (through the engine, as DockerBuild does), so Push can mount it.
        using (var seed = new RegistryClient(registry.Url, insecure: true))
            await BaseImagePublisher.EnsureAsync(f.Chain.Docker, seed, new Docker.DotNet.Models.AuthConfig { ServerAddress = seed.Host },
                f.Built.Settings.BaseImage.Image, null, f.Built.Image!.Base.Repository, new MemoryBuildLog());
        await using var proxy = new FlakyProxy(registry.Url, failures: 3);
        var (catalog, _) = f.CatalogWith("promo-flaky", proxy.Url);
        using var ctx = f.Context(catalog, "promo-flaky");
        var run = f.BuiltRun(catalog, "promo-flaky", tag: "main-20990101-000002");

        await PushStep.RunAsync(ctx, run);

        Assert.True(proxy.Requests > 3, $"{proxy.Requests} requests reached the proxy");
        using var direct = new RegistryClient(registry.Url, insecure: true);
        var repo = $"{ReleaseFixture.Source}/{LocalChain.Service}";
        Assert.Equal(run.Digest!.Value, await direct.HeadManifestAsync(repo, run.Tag!));
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-flaky"));
        Assert.Equal((LedgerEntry.Succeeded, run.Digest!.Value), (entry.Result, entry.Digest));
    }

    [Fact]
    public async Task A_dry_run_push_with_ssh_hosts_and_distribution_auto_says_ssh_would_stand_in_for_the_registry_and_records_nothing()
    {
        var host = new Slipway.Catalog.DockerHostSpec
        {
            Name = "far-host", Endpoint = "unix:///nonexistent/docker.sock", Address = "127.0.0.1",
            Ssh = new Slipway.Catalog.SshTargetSpec { Host = "127.0.0.1", Port = 22, User = "deploy" },
        };
        var (catalog, _) = f.CatalogWith("promo-dry-ssh", f.Chain.RegistryUrl, host);
        var log = new MemoryBuildLog();
        using var ctx = new ChainContext
        {
            Catalog = catalog, Environment = "promo-dry-ssh", Log = log, Paths = f.Chain.Paths, RecipeRoot = RepoRoot.Path, DryRun = true,
        };

        await PushStep.RunAsync(ctx, f.BuiltRun(catalog, "promo-dry-ssh", tag: "main-20990101-000005"));

        Assert.Contains("if the registry cannot be reached, record the push as failed and let Deploy load the image into the build engine " +
                        "and deliver it over SSH (--distribution auto)", log.Text);
        Assert.Empty(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(LocalChain.Service, "promo-dry-ssh"));
    }
}
