using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Locking;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The deploy lock held on a docker engine (a lock container), driven directly against the real engine. Each test has
/// its own service name (so its own lock container) and its own lock image, both removed after.
/// </summary>
public sealed class DockerHostLockTests : IAsyncLifetime
{
    private const string Environment = "env";
    private static readonly DockerHostSpec Host = new() { Name = "local", Endpoint = DockerClients.DefaultSocket };
    private readonly string _service = "slw-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly IDockerClient _docker = DockerClients.Connect(DockerClients.DefaultSocket, null);
    private string LockImageName => $"{_service}-lock:1";
    private string ContainerName => DockerHostLock.ContainerName(_service, Environment);

    private DockerHostLock Lock(TimeSpan? lease = null) => new(Host, _service, Environment, lease ?? TimeSpan.FromMinutes(5), LockImageName);

    private static TargetLockRequest Request(string who, MemoryBuildLog log, string what = "deploy of main-20261125-000001", TimeSpan? timeout = null) =>
        new(what, new LeaseIdentity($"{who}@host-{who}", $"run-{who}", who.Length * 1000, $"host-{who}"), log,
            timeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var c in await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
            if (c.Names.Any(n => n.TrimStart('/') == ContainerName))
                await _docker.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true });
        try { await _docker.Images.DeleteImageAsync(LockImageName, new ImageDeleteParameters { Force = true }); }
        catch (DockerImageNotFoundException) { }
        _docker.Dispose();
    }

    private async Task<ContainerInspectResponse?> LockContainerAsync()
    {
        try { return await _docker.Containers.InspectContainerAsync(ContainerName); }
        catch (DockerContainerNotFoundException) { return null; }
    }

    [Fact]
    public async Task The_lock_is_a_created_never_started_container_that_names_its_holder_and_is_removed_on_release()
    {
        var log = new MemoryBuildLog();
        var held = await Lock().AcquireAsync(Request("alpha", log), CancellationToken.None);

        var container = await LockContainerAsync();
        Assert.NotNull(container);
        Assert.Equal("created", container!.State.Status);
        var record = LockContainerLabels.Read(container.Config.Labels);
        Assert.Equal(("alpha@host-alpha", "host-alpha", 5000, "run-alpha", "deploy of main-20261125-000001"),
            (record!.Holder, record.Machine, record.ProcessId, record.RunId, record.What));
        Assert.InRange(record.ExpiresAt - record.StartedAt, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Contains(log.Lines, l => l.Contains($"importing the deploy lock image {LockImageName}")); // the test's image was missing

        await held.DisposeAsync();
        Assert.Null(await LockContainerAsync());
    }

    [Fact]
    public async Task A_second_run_waits_naming_the_holder_and_takes_the_lock_only_after_the_first_released_it()
    {
        var events = new List<string>();
        var second = new MemoryBuildLog();
        var first = await Lock().AcquireAsync(Request("alpha", new MemoryBuildLog()), CancellationToken.None);
        lock (events) events.Add("alpha acquired");

        var waiter = Task.Run(async () =>
        {
            await using var _ = await Lock().AcquireAsync(Request("beta", second, "deploy of main-20261125-000002"), CancellationToken.None);
            lock (events) events.Add("beta acquired");
        });
        await Poll.UntilAsync(() => second.Text.Contains("waiting for the deploy lock"), "beta never said it waits");
        var waiting = second.Lines.Single(l => l.Contains("waiting for the deploy lock"));
        Assert.Contains($"on docker host 'local' ({DockerClients.DefaultSocket}): held by alpha@host-alpha " +
                        "(deploy of main-20261125-000001, process 5000 on host-alpha) since ", waiting);
        Assert.Contains($"(container {ContainerName}, id ", waiting);
        Assert.False(waiter.IsCompleted);

        lock (events) events.Add("alpha released");
        await first.DisposeAsync();
        await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["alpha acquired", "alpha released", "beta acquired"], events);
        Assert.Contains(second.Lines, l => l.Contains($"got the deploy lock of {_service} in {Environment} on docker host 'local'"));
        Assert.Null(await LockContainerAsync());
    }

    [Fact]
    public async Task A_live_lock_makes_the_waiter_fail_after_its_timeout_naming_the_host_the_holder_and_the_fix()
    {
        await using var held = await Lock().AcquireAsync(Request("alpha", new MemoryBuildLog(), "rollback of main-20261125-000001"), CancellationToken.None);
        var id = (await LockContainerAsync())!.ID;

        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            Lock().AcquireAsync(Request("beta", new MemoryBuildLog(), timeout: TimeSpan.FromMilliseconds(500)), CancellationToken.None));
        Assert.Contains($"min for the deploy lock on docker host 'local' ({DockerClients.DefaultSocket})", error.Message);
        Assert.Contains("held by alpha@host-alpha (rollback of main-20261125-000001, process 5000 on host-alpha)", error.Message);
        Assert.Contains("(run run-alpha)", error.Message);
        Assert.Contains("Fix: wait for that run to finish", error.Message);
        Assert.Contains($"docker -H {DockerClients.DefaultSocket} rm {id[..12]}", error.Message);
        Assert.Equal(id, (await LockContainerAsync())!.ID); // the waiter left the lock alone
    }

    [Fact]
    public async Task The_lock_of_a_process_of_this_machine_that_is_gone_is_taken_over_at_once()
    {
        // A build host killed with kill -9 on this machine: its lease has long to run, but its process is gone.
        var gone = new LeaseIdentity("killed@here", "run-killed", ProcessIdThatIsGone(), System.Environment.MachineName);
        var killed = await Lock(lease: TimeSpan.FromHours(1)).AcquireAsync(
            new TargetLockRequest("deploy of main-20261125-000001", gone, new MemoryBuildLog(), TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)), CancellationToken.None);
        var killedId = (await LockContainerAsync())!.ID;

        var log = new MemoryBuildLog();
        await using var taken = await Lock().AcquireAsync(
            new TargetLockRequest("deploy of main-20261125-000002", LeaseIdentity.Current, log, TimeSpan.FromSeconds(2),
                TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)), CancellationToken.None);

        Assert.Contains(log.Lines, l => l.StartsWith("WARN:") && l.Contains("from killed@here") && l.Contains("that process no longer runs on this machine"));
        Assert.NotEqual(killedId, (await LockContainerAsync())!.ID);
        await killed.DisposeAsync();
    }

    /// <summary>The pid of a process that ran and ended.</summary>
    private static int ProcessIdThatIsGone()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public async Task An_expired_lock_container_is_taken_over_and_its_holder_never_removes_the_new_one()
    {
        // "ghost" crashed while holding the lock: its container stays, with an expiry in the past.
        var ghostLog = new MemoryBuildLog();
        var ghost = await Lock(lease: TimeSpan.FromSeconds(-1)).AcquireAsync(Request("ghost", ghostLog), CancellationToken.None);
        var ghostId = (await LockContainerAsync())!.ID;

        var log = new MemoryBuildLog();
        await using var taken = await Lock().AcquireAsync(Request("beta", log, timeout: TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.Contains(log.Lines, l => l.StartsWith($"WARN: [{_service}] took over the expired deploy lock of {_service} in {Environment} on docker host 'local'") &&
                                        l.Contains("from ghost@host-ghost") && l.Contains("(run run-ghost)"));
        var now = await LockContainerAsync();
        Assert.NotEqual(ghostId, now!.ID);
        Assert.Equal("beta@host-beta", LockContainerLabels.Read(now.Config.Labels)!.Holder);

        // The ghost's release (had it come back) removes only its own container, by id: beta's lock stays.
        await ghost.DisposeAsync();
        Assert.Equal(now.ID, (await LockContainerAsync())!.ID);
        Assert.Contains(ghostLog.Lines, l => l.StartsWith("WARN:") && l.Contains("did not release the deploy lock") && l.Contains("another run took it over"));
    }

    [Fact]
    public async Task A_lock_container_without_lease_labels_never_expires_and_the_waiter_is_told_how_to_remove_it()
    {
        var hand = await Lock().AcquireAsync(Request("alpha", new MemoryBuildLog()), CancellationToken.None); // imports the image
        await hand.DisposeAsync();
        var made = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters { Name = ContainerName, Image = LockImageName });

        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            Lock().AcquireAsync(Request("beta", new MemoryBuildLog(), timeout: TimeSpan.FromMilliseconds(300)), CancellationToken.None));
        Assert.Contains("held by a container without Slipway's lock labels", error.Message);
        Assert.Contains($"if no run holds it, remove it: docker -H {DockerClients.DefaultSocket} rm {made.ID[..12]}", error.Message);
    }

    [Fact]
    public async Task An_unreachable_engine_fails_naming_the_host_and_takes_nothing()
    {
        var gone = new DockerHostSpec { Name = "gone", Endpoint = "unix:///nonexistent/docker.sock" };
        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            new DockerHostLock(gone, _service, Environment, TimeSpan.FromMinutes(1), LockImageName)
                .AcquireAsync(Request("alpha", new MemoryBuildLog()), CancellationToken.None));
        Assert.Contains("could not take its deploy lock on docker host 'gone' (unix:///nonexistent/docker.sock)", error.Message);
        Assert.Contains("Fix: check that the engine answers", error.Message);
    }

    [Fact]
    public void Hosts_sharing_an_engine_share_one_lock_whose_lease_covers_every_engines_rollout()
    {
        var settings = ShippedCatalog.Load().Resolve("nce-api", "test") with { HealthTimeoutSeconds = 120, StopTimeoutSeconds = 30 };
        DockerHostSpec H(string name, string endpoint, int offset = 0) => new() { Name = name, Endpoint = endpoint, PortOffset = offset };
        var locks = DockerHostLocks.For("svc", "env", [H("b", "tcp://b:2376"), H("a1", "tcp://a:2376"), H("a2", "tcp://a:2376", 1)], settings);

        Assert.Equal(["tcp://b:2376", "tcp://a:2376"], locks.Select(l => l.Key));
        Assert.Equal(TimeSpan.FromMinutes(2 * (10 + 2.5) + 10), DockerHostLocks.LeaseFor(settings, 2));
        Assert.Equal("the lock container slipway-lock.svc.env on docker host 'b' (tcp://b:2376), lease 35 min, not renewed", locks[0].Describe());
    }
}
