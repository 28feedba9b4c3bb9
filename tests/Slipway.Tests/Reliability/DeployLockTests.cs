using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Releases;

namespace Slipway.Tests.Reliability;

public sealed class DeployLockTests
{
    [Fact]
    public async Task A_second_deploy_waits_says_for_whom_and_runs_only_after_the_first_released_the_lock()
    {
        using var dir = new TempDir();
        var events = new List<string>();
        var firstLog = new MemoryBuildLog();
        var secondLog = new MemoryBuildLog();
        var first = await DeployLock.AcquireAsync(dir.Path, "svc", "env", "deploy of main-20261125-000001", firstLog, TimeSpan.FromMinutes(1));
        lock (events) events.Add("first acquired");

        var second = Task.Run(async () =>
        {
            await using var _ = await DeployLock.AcquireAsync(dir.Path, "svc", "env", "deploy of main-20261125-000002", secondLog, TimeSpan.FromMinutes(1));
            lock (events) events.Add("second acquired");
        });
        await Poll.UntilAsync(() => secondLog.Text.Contains("waiting for the deploy lock"), "the second deploy never said it waits");
        Assert.Contains("deploy of main-20261125-000001 by", secondLog.Text);
        Assert.False(second.IsCompleted);

        lock (events) events.Add("first released");
        await first.DisposeAsync();
        await second;
        Assert.Equal(["first acquired", "first released", "second acquired"], events);
    }

    [Fact]
    public async Task The_lock_holds_across_processes()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "env", "svc.lock");
        await using (await DeployLock.AcquireAsync(dir.Path, "svc", "env", "deploy", new MemoryBuildLog(), TimeSpan.FromMinutes(1)))
            Assert.NotEqual(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
    }

    [Fact]
    public async Task A_deploy_that_waits_too_long_fails_naming_the_holder()
    {
        using var dir = new TempDir();
        await using var held = await DeployLock.AcquireAsync(dir.Path, "svc", "env", "rollback of main-20261125-000001", new MemoryBuildLog(), TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            DeployLock.AcquireAsync(dir.Path, "svc", "env", "deploy", new MemoryBuildLog(), TimeSpan.FromMilliseconds(300)));
        Assert.Contains("rollback of main-20261125-000001", error.Message);
        Assert.Contains("Fix:", error.Message);
    }
}

/// <summary>Two concurrent Deploy steps of the same service and environment, for real: serialized, nothing interleaves.</summary>
[Collection(DockerCollection.Name)]
public sealed class ConcurrentDeployTests
{
    [Fact]
    public async Task Two_concurrent_deploys_of_one_service_and_environment_run_one_after_the_other()
    {
        await using var chain = await LocalChain.StartAsync(environment: "lock", @namespace: "lock");
        using var build = chain.Context();
        var run = await chain.BuildAndPushAsync(build);
        var logs = new[] { new MemoryBuildLog(), new MemoryBuildLog() };
        var events = new List<string>();

        async Task DeployAsync(int i)
        {
            var ctx = new ChainContext
            {
                Catalog = chain.Catalog, Environment = chain.Environment, Log = new RecordingLog(logs[i], events, i.ToString()), Paths = chain.Paths,
                RecipeRoot = RepoRoot.Path,
            };
            using (ctx) await DeployStep.RunAsync(ctx, run);
        }

        await Task.WhenAll(DeployAsync(0), DeployAsync(1));

        var waiting = logs.Single(l => l.Text.Contains("waiting for the deploy lock"));
        Assert.Contains("deploy of " + run.Tag, waiting.Text);
        // The waiter's first line after the lock comes after the holder's last line: no interleaving.
        var waiter = Array.IndexOf(logs, waiting);
        var holderLast = events.FindLastIndex(e => e.StartsWith($"{1 - waiter}:", StringComparison.Ordinal));
        var waiterGot = events.FindIndex(e => e.StartsWith($"{waiter}:", StringComparison.Ordinal) && e.Contains("got the deploy lock"));
        Assert.True(waiterGot > holderLast, string.Join('\n', events));
        Assert.Equal(2, (await ReleaseLedgers.For(build, chain.Environment).HistoryAsync(LocalChain.Service, chain.Environment))
            .Count(e => e.Action == LedgerActions.Deploy && e.IsSuccess));
    }
}
