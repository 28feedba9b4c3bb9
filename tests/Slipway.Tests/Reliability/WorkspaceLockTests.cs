using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Processes;

namespace Slipway.Tests.Reliability;

/// <summary>A service workspace belongs to one run at a time: the lock itself, and the run (the chain context) that keeps it.</summary>
public sealed class WorkspaceLockTests
{
    [Fact]
    public async Task A_second_run_waits_naming_the_holder_and_gets_the_workspace_after_the_first_released_it()
    {
        using var dir = new TempDir();
        var paths = new WorkspacePaths(dir.Path);
        var first = await WorkspaceLock.AcquireAsync(paths, "svc", "build of svc (develop)", new MemoryBuildLog(), TimeSpan.FromMinutes(1));
        var log = new MemoryBuildLog();
        var second = Task.Run(() => WorkspaceLock.AcquireAsync(paths, "svc", "build of svc (main)", log, TimeSpan.FromMinutes(1)));

        await Poll.UntilAsync(() => log.Text.Contains("waiting for the workspace"), "the second run never said it waits");
        Assert.Contains($"[svc] waiting for the workspace {paths.ServiceWork("svc")}: in use by build of svc (develop) by ", log.Text);
        Assert.Contains($"(process {Environment.ProcessId} on {Environment.MachineName}, run ", log.Text);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var got = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains($"[svc] got the workspace {paths.ServiceWork("svc")}", log.Text);
    }

    [Fact]
    public async Task A_run_that_waits_too_long_fails_with_the_workspace_in_use_and_the_fix()
    {
        using var dir = new TempDir();
        var paths = new WorkspacePaths(dir.Path);
        await using var held = await WorkspaceLock.AcquireAsync(paths, "svc", "build of svc (develop)", new MemoryBuildLog(), TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            WorkspaceLock.AcquireAsync(paths, "svc", "build of svc (develop)", new MemoryBuildLog(), TimeSpan.FromMilliseconds(300)));
        Assert.StartsWith($"[svc] workspace {paths.ServiceWork("svc")} is in use by build of svc (develop) by {Actor.Current} " +
                          $"(process {Environment.ProcessId} on {Environment.MachineName}, run ", error.Message);
        Assert.EndsWith("Fix: wait for that run to finish (or end it), or use another state folder (--state-directory DIR).", error.Message);
    }

    [Fact]
    public async Task The_workspace_lock_holds_across_processes()
    {
        using var dir = new TempDir();
        var paths = new WorkspacePaths(dir.Path);
        var path = WorkspaceLock.PathOf(paths, "svc");
        await using (await WorkspaceLock.AcquireAsync(paths, "svc", "build", new MemoryBuildLog(), TimeSpan.FromMinutes(1)))
            Assert.NotEqual(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
    }

    [Fact]
    public async Task A_run_keeps_its_workspace_until_it_ends_and_takes_it_once()
    {
        using var dir = new TempDir();
        var paths = new WorkspacePaths(dir.Path);
        var path = WorkspaceLock.PathOf(paths, "svc");
        var taken = 0;
        using (var run = new ChainContext { Catalog = ShippedCatalog.Load(), Environment = "local", Log = new MemoryBuildLog(), Paths = paths, RecipeRoot = RepoRoot.Path })
        {
            for (var i = 0; i < 2; i++) // as two Checkouts of one run would
                await run.HoldUntilDisposedAsync(path, async () =>
                {
                    taken++;
                    return await WorkspaceLock.AcquireAsync(paths, "svc", "build", run.Log, TimeSpan.FromSeconds(5));
                });
            Assert.NotEqual(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
        }
        Assert.Equal(1, taken);
        Assert.Equal(0, (await ProcessRunner.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
    }
}

/// <summary>
/// Two <c>Deploy</c> runs of one checkout (one state folder) at once, through the real build host: the second waits for
/// the workspace (never a crash in a shared checkout), then reuses the image the first pushed and finds it running.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class TwoRunsOfOneStateFolderTests
{
    [Fact]
    public async Task The_second_run_waits_for_the_workspace_then_builds_nothing_and_deploys_nothing()
    {
        await using var chain = await LocalChain.StartAsync(environment: "twin", @namespace: "twin");
        var catalog = Path.Combine(chain.Folder, "twin-services.json");
        await File.WriteAllTextAsync(catalog, chain.CatalogText);
        var state = Path.Combine(chain.Folder, "twin-state");
        var paths = new WorkspacePaths(state);
        Task<ProcessResult> Run() => BuildCli.RunAsync("Deploy", "--env", chain.Environment, "--catalog", catalog, "--state-directory", state);

        var first = Run();
        // The second starts once the first holds the workspace, so they really contend.
        var owner = WorkspaceLock.PathOf(paths, LocalChain.Service) + ".owner";
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(owner) && !first.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(File.Exists(owner), "the first run never took the workspace: " + (first.IsCompleted ? (await first).Output() : "timed out"));
        var second = Run();
        var results = await Task.WhenAll(first, second);

        var (holder, waiter) = (results[0].Output(), results[1].Output());
        Assert.True(results[0].ExitCode == 0, holder);
        Assert.True(results[1].ExitCode == 0, waiter);
        Assert.Contains($"waiting for the workspace {paths.ServiceWork(LocalChain.Service)}: in use by build of {LocalChain.Service} (", waiter);
        Assert.Contains($"got the workspace {paths.ServiceWork(LocalChain.Service)}", waiter);
        Assert.Contains("build once:", waiter);     // the image the first run pushed, reused
        Assert.Contains("nothing to do", waiter);  // and already running
        Assert.Contains("is healthy", holder);
        Assert.DoesNotContain("GitVersion", waiter);
    }
}
