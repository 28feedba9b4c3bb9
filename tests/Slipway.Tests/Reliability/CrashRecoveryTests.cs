using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Slipway.Chain;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Releases;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The build host killed (SIGKILL, as kill -9) at each step boundary of a docker deploy, then the same command run again:
/// the rerun converges (the new version runs, checked; or, when it fails its check, the previous one is back), no
/// <c>-previous</c> container is left, and the ledger records the killed run as interrupted, never as succeeded.
/// Each row deploys the version that does not run now, so the rows chain without a reset.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class CrashRecoveryTests(CrashRecoveryTests.TwoVersions versions) : IClassFixture<CrashRecoveryTests.TwoVersions>
{
    /// <summary>The sample's v1 (running) and v2 (pushed), and the catalog the command line reads (plus one whose health path is wrong).</summary>
    public sealed class TwoVersions : IAsyncLifetime
    {
        public LocalChain Chain { get; private set; } = null!;
        public ServiceRun V1 { get; private set; } = null!;
        public ServiceRun V2 { get; private set; } = null!;
        public string Catalog { get; private set; } = "";
        public string BrokenHealthCatalog { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Chain = await LocalChain.StartAsync(json => json["defaults"]!["healthTimeoutSeconds"] = 90, environment: "crash", @namespace: "crash");
            V1 = await Chain.DeployAsync();
            await Chain.Source.CommitAsync("v2");
            using (var ctx = Chain.Context()) V2 = await Chain.BuildAndPushAsync(ctx);
            Catalog = Path.Combine(Chain.Folder, "crash-services.json");
            await File.WriteAllTextAsync(Catalog, Chain.CatalogText);
            var broken = JsonNode.Parse(Chain.CatalogText)!.AsObject();
            broken["services"]![LocalChain.Service]!["healthPath"] = "/broken-health";
            broken["defaults"]!["healthTimeoutSeconds"] = 10;
            BrokenHealthCatalog = Path.Combine(Chain.Folder, "crash-broken-health.json");
            await File.WriteAllTextAsync(BrokenHealthCatalog, broken.ToJsonString());
        }

        public async Task DisposeAsync() => await Chain.DisposeAsync();
    }

    private LocalChain Chain => versions.Chain;

    public static TheoryData<string> Boundaries =>
    [
        "journaled", "docker.pulled", "docker.stopped", "docker.kept", "docker.created", "docker.started", "docker.healthy", "deployed",
    ];

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task A_deploy_killed_at_a_step_boundary_converges_when_run_again(string boundary)
    {
        var (_, next) = await RunningAndNextAsync();
        var before = (await HistoryAsync()).Count;

        var killed = await DeployAsync(next, versions.Catalog, crashAt: boundary);
        Assert.True(killed.ExitCode != 0 && !killed.Output().Contains("Build succeeded"), killed.Output());

        var rerun = await DeployAsync(next, versions.Catalog);
        Assert.True(rerun.ExitCode == 0, rerun.Output());
        await AssertRunsAsync(next);

        var entries = (await HistoryAsync()).Skip(before).ToList();
        var interrupted = Assert.Single(entries, e => !e.IsSuccess);
        Assert.StartsWith("interrupted:", interrupted.Message);
        Assert.Equal(next.Digest!.Value, interrupted.Digest);
        var succeeded = Assert.Single(entries, e => e.IsSuccess);
        Assert.Equal((LedgerActions.Deploy, next.Digest!.Value), (succeeded.Action, succeeded.Digest));
        Assert.Same(succeeded, entries[^1]);
    }

    [Fact]
    public async Task A_deploy_killed_while_an_unhealthy_version_waits_for_its_check_is_rolled_back_by_the_rerun_and_never_recorded_as_good()
    {
        var (running, next) = await RunningAndNextAsync();
        var before = (await HistoryAsync()).Count;

        var killed = await DeployAsync(next, versions.BrokenHealthCatalog, crashAt: "docker.started");
        Assert.NotEqual(0, killed.ExitCode);
        Assert.NotNull(await FindAsync(DockerHostDeployer.KeptName(Chain.ContainerName)));

        var rerun = await DeployAsync(next, versions.BrokenHealthCatalog);
        Assert.True(rerun.ExitCode != 0, rerun.Output());
        Assert.Contains("an earlier rollout on this host did not finish", rerun.Output());
        Assert.Contains("restoring the previous", rerun.Output());
        await AssertRunsAsync(running);

        var entries = (await HistoryAsync()).Skip(before).ToList();
        Assert.DoesNotContain(entries, e => e.IsSuccess);
        Assert.Equal(2, entries.Count); // the killed run, recorded as interrupted, and the rerun's failed check
        Assert.StartsWith("interrupted:", entries[0].Message);
        Assert.Contains("/broken-health", entries[1].Message);
    }

    private async Task<(ServiceRun Running, ServiceRun Next)> RunningAndNextAsync()
    {
        var container = await Chain.Docker.Containers.InspectContainerAsync(Chain.ContainerName);
        return container.Config.Labels["slipway.io/digest"] == versions.V1.Digest!.Value ? (versions.V1, versions.V2) : (versions.V2, versions.V1);
    }

    private Task<ProcessResult> DeployAsync(ServiceRun run, string catalog, string? crashAt = null) =>
        BuildCli.RunAsync(new Dictionary<string, string?> { [CrashPoints.Variable] = crashAt },
            "Deploy", "--env", Chain.Environment, "--catalog", catalog, "--state-directory", Chain.Paths.Root,
            "--commit", run.Checkout!.Sha);

    private async Task AssertRunsAsync(ServiceRun run)
    {
        var container = await Chain.Docker.Containers.InspectContainerAsync(Chain.ContainerName);
        Assert.Equal(run.Digest!.Value, container.Config.Labels["slipway.io/digest"]);
        Assert.True(container.State.Running);
        Assert.Null(await FindAsync(DockerHostDeployer.KeptName(Chain.ContainerName)));
        Assert.Equal(200, await HealthPoll.StatusWithinAsync(Chain.Port, TimeSpan.FromSeconds(90)));
    }

    private async Task<ContainerListResponse?> FindAsync(string name) =>
        (await Chain.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
        .FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == name));

    private async Task<IReadOnlyList<LedgerEntry>> HistoryAsync()
    {
        using var ctx = Chain.Context();
        return await ReleaseLedgers.For(ctx, Chain.Environment).HistoryAsync(LocalChain.Service, Chain.Environment);
    }
}
