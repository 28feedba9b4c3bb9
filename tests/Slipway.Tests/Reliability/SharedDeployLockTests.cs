using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Locking;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Releases;
using Slipway.Registry;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The cross-machine deploy lock against a real bare git repository; each "machine" is its own state folder (its own
/// lock cache) and its own identity, so nothing but the remote ref can serialize them.
/// </summary>
public sealed class SharedDeployLockTests : IDisposable
{
    private const string Service = "svc";
    private const string Environment = "env";
    private static readonly string LockRef = GitLeaseRemote.RefName(Environment, Service);
    private readonly TempDir _dir = new();
    private readonly string _bare;

    public SharedDeployLockTests()
    {
        _bare = _dir.Combine("ledger.git");
        ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", _bare]).GetAwaiter().GetResult().EnsureSuccess();
    }

    public void Dispose() => _dir.Dispose();

    private sealed record Machine(string Name, GitLeaseRemote Remote, MemoryBuildLog Log, SharedLeaseOptions Options);

    private Machine NewMachine(string name, TimeSpan? duration = null, TimeSpan? renewEvery = null) => new(
        name, new GitLeaseRemote(_bare, _dir.Combine(name, "lock-cache")), new MemoryBuildLog(),
        new SharedLeaseOptions
        {
            Duration = duration ?? TimeSpan.FromMinutes(1), RenewEvery = renewEvery,
            PollInitial = TimeSpan.FromMilliseconds(50), PollMax = TimeSpan.FromMilliseconds(250),
            Identity = new LeaseIdentity($"{name}@host-{name}", $"run-{name}", name.Length * 1000),
        });

    private static Task<SharedDeployLease> AcquireAsync(Machine m, string what = "deploy of main-20261125-000001", TimeSpan? timeout = null) =>
        SharedDeployLease.AcquireAsync(m.Remote, Service, Environment, what, m.Log, timeout ?? TimeSpan.FromSeconds(30), m.Options);

    private async Task<string?> RemoteRefAsync()
    {
        var r = await ProcessRunner.RunAsync("git", ["--git-dir", _bare, "rev-parse", "--verify", "-q", LockRef]);
        return r.Succeeded ? r.StandardOutputText.Trim() : null;
    }

    [Fact]
    public async Task A_second_machine_waits_naming_the_holder_and_enters_only_after_the_first_released_even_past_the_first_lease()
    {
        // A lease of 2 s renewed every 0.4 s: the holder keeps it well past its first expiry, and the waiter must not take it over.
        var a = NewMachine("alpha", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(400));
        var b = NewMachine("beta", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(400));
        var sections = new List<(string Who, string Event, DateTimeOffset At)>();
        void Mark(string who, string ev) { lock (sections) sections.Add((who, ev, DateTimeOffset.UtcNow)); }

        var first = await AcquireAsync(a);
        Mark("alpha", "enter");
        var firstExpiry = first.Record.ExpiresAt;
        var firstCommit = first.CommitId;
        var second = Task.Run(async () =>
        {
            await using var lease = await AcquireAsync(b, "deploy of main-20261125-000002");
            Mark("beta", "enter");
            Mark("beta", "exit");
        });

        await Poll.UntilAsync(() => b.Log.Text.Contains("waiting for the deploy lock of svc in env"), "beta never said it waits");
        var waiting = b.Log.Lines.Single(l => l.Contains("waiting for the deploy lock"));
        Assert.Contains("held by alpha@host-alpha (deploy of main-20261125-000001, process 5000) since ", waiting);
        Assert.Contains("(run run-alpha), expires ", waiting);

        await Poll.UntilAsync(() => DateTimeOffset.UtcNow > firstExpiry.AddSeconds(1), "time did not pass");
        Assert.False(second.IsCompleted, "beta entered while alpha held the lock: " + b.Log.Text);
        Assert.NotEqual(firstCommit, await RemoteRefAsync()); // renewed by the heartbeat
        Assert.DoesNotContain("took over", b.Log.Text);
        Assert.Single(b.Log.Lines, l => l.Contains("waiting for the deploy lock")); // renewals are not announced again

        Mark("alpha", "exit");
        await first.DisposeAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["alpha enter", "alpha exit", "beta enter", "beta exit"], sections.Select(s => $"{s.Who} {s.Event}"));
        Assert.True(sections[2].At >= sections[1].At);
        Assert.Contains(b.Log.Lines, l => l.Contains("got the deploy lock of svc in env"));
        Assert.Null(await RemoteRefAsync()); // both released
    }

    [Fact]
    public async Task A_stale_lease_whose_holder_is_gone_is_taken_over_and_the_takeover_is_logged()
    {
        var ghost = NewMachine("ghost");
        var past = DateTimeOffset.UtcNow.AddMinutes(-10);
        var stale = await ghost.Remote.CommitAsync(new LeaseRecord("ghost@crashed-host", "run-9", 4242, Service, Environment,
            "deploy of main-20261125-000001", past, past.AddMinutes(2)), CancellationToken.None);
        Assert.Equal(GitLeaseRemote.PushOutcome.Done, await ghost.Remote.SwapAsync(LockRef, null, stale, CancellationToken.None));

        var b = NewMachine("beta");
        await using var lease = await AcquireAsync(b, timeout: TimeSpan.FromSeconds(10));

        Assert.Contains(b.Log.Lines, l => l.StartsWith("WARN: [svc] took over the stale deploy lock of svc in env from ghost@crashed-host") &&
                                          l.Contains("(run run-9)"));
        Assert.Equal(lease.CommitId, await RemoteRefAsync());
    }

    [Fact]
    public async Task A_holder_never_deletes_a_lock_another_run_took_over()
    {
        // alpha hangs: it stops renewing (no heartbeat), its 1 s lease runs out and beta takes the lock over.
        var a = NewMachine("alpha", TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var b = NewMachine("beta");
        var first = await AcquireAsync(a);
        var second = await AcquireAsync(b, timeout: TimeSpan.FromSeconds(20));
        Assert.Contains(b.Log.Lines, l => l.Contains("took over the stale deploy lock of svc in env from alpha@host-alpha"));

        await first.DisposeAsync();
        Assert.Equal(second.CommitId, await RemoteRefAsync());
        Assert.Contains(a.Log.Lines, l => l.Contains("did not release the deploy lock of svc in env: it is no longer ours"));

        await second.DisposeAsync();
        Assert.Null(await RemoteRefAsync());
    }

    [Fact]
    public async Task A_heartbeat_that_finds_its_lock_taken_over_says_so_and_leaves_it()
    {
        var a = NewMachine("alpha", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        var first = await AcquireAsync(a);
        // beta breaks in as a takeover would: a compare-and-swap against alpha's current commit.
        var b = NewMachine("beta");
        var now = DateTimeOffset.UtcNow;
        var theirs = await b.Remote.CommitAsync(new LeaseRecord("beta@host-beta", "run-beta", 1, Service, Environment, "deploy", now, now.AddMinutes(5)),
            CancellationToken.None);
        string current;
        do current = (await RemoteRefAsync())!;
        while (await b.Remote.SwapAsync(LockRef, current, theirs, CancellationToken.None) != GitLeaseRemote.PushOutcome.Done);

        await Poll.UntilAsync(() => first.Lost, "alpha's heartbeat never noticed");
        Assert.Contains(a.Log.Lines, l => l.StartsWith("ERROR: [svc] lost the deploy lock of svc in env"));
        await first.DisposeAsync();
        Assert.Equal(theirs, await RemoteRefAsync());
    }

    [Fact]
    public async Task A_deploy_that_waits_too_long_fails_naming_the_holder_and_how_to_break_a_stale_lock()
    {
        var a = NewMachine("alpha");
        await using var held = await AcquireAsync(a, "rollback of main-20261125-000001");
        var b = NewMachine("beta");
        var error = await Assert.ThrowsAsync<SlipwayException>(() => AcquireAsync(b, timeout: TimeSpan.FromMilliseconds(400)));
        Assert.Contains("held by alpha@host-alpha (rollback of main-20261125-000001, process 5000)", error.Message);
        Assert.Contains("(run run-alpha)", error.Message);
        Assert.Contains("Fix: wait for that run to finish", error.Message);
        Assert.Contains($"git push {_bare} --delete {LockRef}", error.Message);
        Assert.Equal(held.CommitId, await RemoteRefAsync());
    }

    [Fact]
    public async Task An_unreachable_lock_repository_fails_clearly_and_takes_nothing()
    {
        var m = new Machine("alpha", new GitLeaseRemote(_dir.Combine("missing.git"), _dir.Combine("alpha", "lock-cache")), new MemoryBuildLog(), new SharedLeaseOptions());
        var error = await Assert.ThrowsAsync<SlipwayException>(() => AcquireAsync(m, timeout: TimeSpan.FromSeconds(5)));
        Assert.Contains("missing.git", error.Message);
        Assert.Contains("Fix: check that this machine can reach and push to", error.Message);
        Assert.Contains("never deployed without its lock", error.Message);
    }
}

/// <summary>
/// The Deploy step itself, from two state folders (two machines) into a static-pod environment whose ledger is a git
/// repository: the shared lock serializes them, and a dry run takes no lock.
/// </summary>
public sealed class SharedDeployStepTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _ledger;
    private readonly string _pods;

    public SharedDeployStepTests()
    {
        _ledger = _dir.Combine("ledger.git");
        _pods = _dir.Combine("pods.git");
        foreach (var bare in new[] { _ledger, _pods })
            ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare]).GetAwaiter().GetResult().EnsureSuccess();
    }

    public void Dispose() => _dir.Dispose();

    private ChainContext Context(string machine, IBuildLog log, string? ledger = null, bool dryRun = false)
    {
        var shipped = ShippedCatalog.Load();
        var test = shipped.Environments["test"];
        var catalog = shipped with
        {
            Environments = new Dictionary<string, EnvironmentSpec>(shipped.Environments)
            {
                ["test"] = test with
                {
                    Ledger = new LedgerSpec { Repository = ledger ?? _ledger, Branch = "main" },
                    StaticPod = test.StaticPod! with { Repository = _pods, Nodes = test.StaticPod.Nodes.Select(n => n with { Address = null }).ToList() },
                },
            },
        };
        return new ChainContext
        {
            Catalog = catalog, Environment = "test", Log = log, Paths = new WorkspacePaths(_dir.Combine(machine)), RecipeRoot = RepoRoot.Path,
            DryRun = dryRun, DeployLockTimeout = TimeSpan.FromSeconds(60),
            DeployLease = new SharedLeaseOptions
            {
                PollInitial = TimeSpan.FromMilliseconds(50), PollMax = TimeSpan.FromMilliseconds(250),
                Identity = new LeaseIdentity($"{machine}@host-{machine}", $"run-{machine}", 1),
            },
        };
    }

    private static ServiceRun Run(ChainContext ctx, char digit) =>
        new("nce-api", ctx.Catalog.Resolve("nce-api", "test")) { Tag = $"develop-20261125-00000{digit}", Digest = Digest.Parse("sha256:" + new string(digit, 64), "test") };

    [Fact]
    public async Task Two_machines_deploying_one_service_to_a_shared_environment_run_one_after_the_other()
    {
        var events = new List<string>();
        var someoneWaits = new ManualResetEventSlim();
        var logs = new[] { new MemoryBuildLog(), new MemoryBuildLog() };
        var machines = new[] { "alpha", "beta" };

        async Task DeployAsync(int i)
        {
            // The first to enter its critical section stays there until the other says it waits: the runs really contend.
            var log = new RecordingLog(logs[i], events, machines[i], line =>
            {
                if (line.Contains("waiting for the deploy lock")) someoneWaits.Set();
                else if (line.Contains("took the deploy lock") && !someoneWaits.Wait(TimeSpan.FromSeconds(30)))
                    throw new TimeoutException($"{machines[i]} holds the lock but the other machine never waited");
            });
            using var ctx = Context(machines[i], log);
            await DeployStep.RunAsync(ctx, Run(ctx, i == 0 ? '1' : '2'));
        }

        await Task.WhenAll(Task.Run(() => DeployAsync(0)), Task.Run(() => DeployAsync(1)));

        var waiter = Array.FindIndex(logs, l => l.Text.Contains("waiting for the deploy lock"));
        var holder = 1 - waiter;
        Assert.Contains($"held by {machines[holder]}@host-{machines[holder]} (deploy of develop-20261125-00000{holder + 1}", logs[waiter].Text);
        // Everything the holder did under the lock (up to recording in the ledger) comes before the waiter got it.
        var holderLast = events.FindLastIndex(e => e.StartsWith(machines[holder] + ":", StringComparison.Ordinal) && !e.Contains("released the deploy lock"));
        var waiterGot = events.FindIndex(e => e.StartsWith(machines[waiter] + ":", StringComparison.Ordinal) && e.Contains("got the deploy lock"));
        Assert.True(waiterGot > holderLast, string.Join('\n', events));
        Assert.Contains("recorded deploy succeeded in the release ledger", events[holderLast]);

        using var reader = Context("reader", new MemoryBuildLog());
        var history = await ReleaseLedgers.For(reader, "test").ReadAsync("test");
        Assert.Equal(2, history.Count(e => e.Action == LedgerActions.Deploy && e.IsSuccess));
        Assert.Equal(new string((char)('1' + waiter), 64), history[^1].Digest![7..]); // the waiter deployed last
        var refs = await ProcessRunner.RunAsync("git", ["--git-dir", _ledger, "for-each-ref", "refs/slipway/"]);
        Assert.Equal("", refs.EnsureSuccess().StandardOutputText.Trim()); // both released
    }

    [Fact]
    public async Task A_dry_run_says_which_locks_it_would_take_and_takes_none()
    {
        var log = new MemoryBuildLog();
        using var ctx = Context("alpha", log, dryRun: true);
        await DeployStep.RunAsync(ctx, Run(ctx, '1'));
        Assert.Contains(log.Lines, l => l.Contains("would take the deploy lock") &&
                                        l.Contains($"then the shared deploy lock refs/slipway/locks/test/nce-api in {_ledger} (lease 120 s, renewed every 40 s)"));
        Assert.False(Directory.Exists(Path.Combine(ctx.Paths.Root, "lock-cache")));
        Assert.False(Directory.Exists(ctx.Paths.Locks));
        Assert.Equal("", (await ProcessRunner.RunAsync("git", ["--git-dir", _ledger, "for-each-ref"])).EnsureSuccess().StandardOutputText.Trim());
    }

    [Fact]
    public async Task A_shared_environment_whose_lock_repository_is_unreachable_is_not_deployed()
    {
        var log = new MemoryBuildLog();
        using var ctx = Context("alpha", log, ledger: _dir.Combine("gone.git"));
        var error = await Assert.ThrowsAsync<SlipwayException>(() => DeployStep.RunAsync(ctx, Run(ctx, '1')));
        Assert.Contains("gone.git", error.Message);
        Assert.Contains("never deployed without its lock", error.Message);
        Assert.Equal("", (await ProcessRunner.RunAsync("git", ["--git-dir", _pods, "for-each-ref"])).EnsureSuccess().StandardOutputText.Trim());
        // The local lock was released too: the same machine can take it at once.
        await using (await DeployLock.AcquireAsync(ctx.Paths.Locks, "nce-api", "test", "check", new MemoryBuildLog(), TimeSpan.FromSeconds(1))) { }
    }
}
