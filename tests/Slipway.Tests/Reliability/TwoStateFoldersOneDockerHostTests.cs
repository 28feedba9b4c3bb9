using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Pipeline;

namespace Slipway.Tests.Reliability;

/// <summary>
/// Two checkouts (two state folders, so no shared file lock or ledger) deploying one service to the same docker host,
/// through the Deploy step: the lock container on the engine serializes them.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class TwoStateFoldersOneDockerHostTests
{
    private static ChainContext Context(LocalChain chain, string machine, IBuildLog log, bool dryRun = false) => new()
    {
        Catalog = chain.Catalog, Environment = chain.Environment, Log = log, Paths = chain.FreshPaths(machine), RecipeRoot = RepoRoot.Path,
        DryRun = dryRun, DeployLockTimeout = TimeSpan.FromMinutes(5),
        DeployLease = new SharedLeaseOptions
        {
            PollInitial = TimeSpan.FromMilliseconds(50), PollMax = TimeSpan.FromMilliseconds(250),
            Identity = new LeaseIdentity($"{machine}@host-{machine}", $"run-{machine}", machine.Length, $"host-{machine}"),
        },
    };

    [Fact]
    public async Task The_second_waits_for_the_host_lock_then_finds_nothing_to_do_and_the_first_ones_rollback_copy_stays_intact()
    {
        await using var chain = await LocalChain.StartAsync(environment: "hostlock", @namespace: "hostlock");
        var v1 = await chain.DeployAsync(); // runs: the rollout of v2 keeps it as its rollback copy
        await chain.Source.CommitAsync("v2");
        ServiceRun v2;
        using (var build = chain.Context()) v2 = await chain.BuildAndPushAsync(build);
        Assert.NotEqual(v1.Digest, v2.Digest);

        var machines = new[] { "alpha", "beta" };
        var logs = new[] { new MemoryBuildLog(), new MemoryBuildLog() };
        var events = new List<string>();
        var someoneWaits = new ManualResetEventSlim();
        string? rollbackCopy = null;
        using var docker = DockerClients.Connect(DockerClients.DefaultSocket, null);

        async Task DeployAsync(int i)
        {
            // The holder, once its new container runs and the old one is its rollback copy, stays there until the other
            // run says it waits for the host: the runs really contend while a rollback copy exists.
            var log = new RecordingLog(logs[i], events, machines[i], line =>
            {
                if (line.Contains("waiting for the deploy lock") && line.Contains("on docker host")) someoneWaits.Set();
                else if (line.Contains($"started {chain.ContainerName}"))
                {
                    if (!someoneWaits.Wait(TimeSpan.FromSeconds(60)))
                        throw new TimeoutException($"{machines[i]} is rolling out but the other run never waited for the host lock");
                    rollbackCopy = docker.Containers.InspectContainerAsync(chain.ContainerName + "-previous").GetAwaiter().GetResult()
                        .Config.Labels[SlipwayLabels.Digest];
                }
            });
            using var ctx = Context(chain, machines[i], log);
            await DeployStep.RunAsync(ctx, v2);
        }

        await Task.WhenAll(Task.Run(() => DeployAsync(0)), Task.Run(() => DeployAsync(1))); // neither throws: no raw Docker error

        var waiter = Array.FindIndex(logs, l => l.Text.Contains("waiting for the deploy lock"));
        var holder = 1 - waiter;
        Assert.Contains($"waiting for the deploy lock of {LocalChain.Service} in {chain.Environment} on docker host 'localhost' " +
                        $"(unix:///var/run/docker.sock): held by {machines[holder]}@host-{machines[holder]} (deploy of {v2.Tag}, " +
                        $"process {machines[holder].Length} on host-{machines[holder]})", logs[waiter].Text);
        Assert.Equal(v1.Digest!.Value, rollbackCopy);
        // Everything the holder did on the host comes before the waiter got the lock; then the waiter had nothing to do.
        var holderHealthy = events.FindIndex(e => e.StartsWith(machines[holder] + ":", StringComparison.Ordinal) && e.Contains("is healthy"));
        var waiterGot = events.FindIndex(e => e.StartsWith(machines[waiter] + ":", StringComparison.Ordinal) && e.Contains("got the deploy lock"));
        Assert.True(holderHealthy >= 0 && waiterGot > holderHealthy, string.Join('\n', events));
        Assert.Contains("nothing to do", logs[waiter].Text);

        var running = await docker.Containers.InspectContainerAsync(chain.ContainerName);
        Assert.Equal(v2.Digest!.Value, running.Config.Labels[SlipwayLabels.Digest]);
        Assert.True(running.State.Running);
        var names = (await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true })).SelectMany(c => c.Names).ToList();
        Assert.DoesNotContain("/" + chain.ContainerName + "-previous", names);
        Assert.DoesNotContain("/" + DockerHostLock.ContainerName(LocalChain.Service, chain.Environment), names); // both released
    }

    [Fact]
    public async Task A_dry_run_says_it_would_take_the_host_lock_and_takes_none()
    {
        await using var chain = await LocalChain.StartAsync(environment: "hostlock-dry", @namespace: "hostlock-dry");
        var log = new MemoryBuildLog();
        using var ctx = Context(chain, "alpha", log, dryRun: true);
        var run = new ServiceRun(LocalChain.Service, ctx.Catalog.Resolve(LocalChain.Service, ctx.Environment))
        {
            Tag = "develop-20261125-000001", Digest = Slipway.Registry.Digest.Parse("sha256:" + new string('1', 64), "test"),
        };
        await DeployStep.RunAsync(ctx, run);

        var lockName = DockerHostLock.ContainerName(LocalChain.Service, chain.Environment);
        Assert.Contains(log.Lines, l => l.Contains($"would take the deploy lock {DeployLock.PathOf(ctx.Paths.Locks, LocalChain.Service, chain.Environment)}, " +
                                                   $"then the lock container {lockName} on docker host 'localhost' (unix:///var/run/docker.sock), lease "));
        Assert.False(Directory.Exists(ctx.Paths.Locks));
        using var docker = DockerClients.Connect(DockerClients.DefaultSocket, null);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => docker.Containers.InspectContainerAsync(lockName));
    }
}
