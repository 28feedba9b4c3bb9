using Slipway.Releases;

namespace Slipway.Tests.Releases;

public sealed class GitLedgerTests
{
    [Fact]
    public async Task Two_runs_with_their_own_clones_append_concurrently_and_lose_nothing()
    {
        using var dir = new TempDir();
        var bare = dir.Combine("ledger.git");
        var init = await Slipway.Processes.ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare]);
        init.EnsureSuccess();
        // Two machines: each its own clone cache, so their pushes race and must be retried on non-fast-forward.
        var a = new GitLedger(bare, "main", dir.Combine("machine-a"));
        var b = new GitLedger(bare, "main", dir.Combine("machine-b"));
        const int each = 6;
        LedgerEntry Entry(string who, int n) => new()
        {
            Service = "greeting-web", Environment = "test", Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded,
            Actor = who, Tag = $"{who}-{n}",
        };
        await Task.WhenAll(
            Task.Run(async () => { for (var n = 0; n < each; n++) await a.AppendAsync(Entry("a", n)); }),
            Task.Run(async () => { for (var n = 0; n < each; n++) await b.AppendAsync(Entry("b", n)); }));

        var fresh = new GitLedger(bare, "main", dir.Combine("reader"));
        var entries = await fresh.ReadAsync("test");
        Assert.Equal(2 * each, entries.Count);
        Assert.Equal(2 * each, entries.Select(e => e.Tag).Distinct().Count());
        Assert.Null(LedgerChain.Verify(await fresh.ReadLinesAsync("test"))); // each retry chains to the tip it appends to
        Assert.Equal(Enumerable.Range(0, each).Select(n => $"a-{n}"), entries.Where(e => e.Actor == "a").Select(e => e.Tag));
        var log = await Slipway.Processes.ProcessRunner.RunAsync("git", ["-C", bare, "rev-list", "--count", "main"]);
        Assert.Equal((2 * each).ToString(), log.StandardOutputText.Trim()); // one commit per entry, none rewritten
    }

    [Fact]
    public async Task A_dry_run_sees_the_remote_tip_without_a_clone_and_the_entries_at_that_tip_are_read_later()
    {
        using var dir = new TempDir();
        var bare = dir.Combine("ledger.git");
        (await Slipway.Processes.ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare])).EnsureSuccess();
        var writer = new GitLedger(bare, "main", dir.Combine("writer"));
        var planner = new GitLedger(bare, "main", dir.Combine("planner"));
        LedgerEntry Entry(string env, string tag) => new()
        {
            Service = "greeting-web", Environment = env, Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded, Tag = tag,
        };
        Assert.Null(await planner.RemoteTipAsync());
        await writer.AppendAsync(Entry("test", "v1"));
        var tip = await planner.RemoteTipAsync();
        Assert.False(Directory.Exists(dir.Combine("planner")), "ls-remote must not clone or write anything");

        await writer.AppendAsync(Entry("test", "v2"));
        Assert.NotEqual(tip, await planner.RemoteTipAsync());
        Assert.Equal(["v1"], (await planner.ReadAtAsync("test", tip!))!.Select(e => e.Tag));
        Assert.Empty((await planner.ReadAtAsync("pubtest", tip!))!);
        Assert.Null(await planner.ReadAtAsync("test", new string('0', 40)));
    }

    [Fact]
    public async Task An_unreachable_ledger_repository_fails_with_the_repository_named()
    {
        using var dir = new TempDir();
        var ledger = new GitLedger(dir.Combine("missing.git"), "main", dir.Combine("cache"));
        var ex = await Assert.ThrowsAnyAsync<Slipway.Diagnostics.SlipwayException>(() => ledger.AppendAsync(new LedgerEntry
        {
            Service = "s", Environment = "test", Action = LedgerActions.Push, Result = LedgerEntry.Succeeded,
        }));
        Assert.Contains("missing.git", ex.Message);
    }
}
