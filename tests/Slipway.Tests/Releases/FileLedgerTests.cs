using Slipway.Chain;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

public sealed class FileLedgerTests
{
    private static LedgerEntry Entry(int writer, int n, string env = "local") => new()
    {
        Service = "greeting-web", Environment = env, Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded,
        Tag = $"main-20261125-{writer:D2}{n:D4}", Digest = "sha256:" + new string('a', 64), Commit = new string('c', 40),
        Message = $"writer {writer} entry {n} " + new string('x', 3000), // long lines: a torn write would show
    };

    [Fact]
    public async Task Many_concurrent_appenders_lose_no_entry_and_tear_no_line()
    {
        using var dir = new TempDir();
        const int writers = 8, perWriter = 60;
        // Separate ledger instances, as separate runs would have.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var ledger = new FileLedger(dir.Path);
            for (var n = 0; n < perWriter; n++) await ledger.AppendAsync(Entry(w, n));
        })));

        var lines = await File.ReadAllLinesAsync(new FileLedger(dir.Path).FileFor("local"));
        Assert.Equal(writers * perWriter, lines.Length);
        // Each entry chained to the line before it under the append's lock, so no two entries claim the same predecessor.
        Assert.Null(LedgerChain.Verify(lines));
        var entries = await new FileLedger(dir.Path).ReadAsync("local");
        Assert.Equal(writers * perWriter, entries.Count);
        Assert.Equal(writers * perWriter, entries.Select(e => e.Tag).Distinct().Count());
        // Each writer's own entries stay in its order.
        for (var w = 0; w < writers; w++)
            Assert.Equal(Enumerable.Range(0, perWriter).Select(n => $"main-20261125-{w:D2}{n:D4}"),
                entries.Where(e => e.Message!.StartsWith($"writer {w} ")).Select(e => e.Tag));
    }

    [Fact]
    public async Task The_lock_holds_against_another_process()
    {
        using var dir = new TempDir();
        var ledger = new FileLedger(dir.Path);
        await ledger.AppendAsync(Entry(0, 0));
        var path = ledger.FileFor("local");
        // flock(1) takes the same flock(2) lock .NET takes for FileShare.None, and holds it until its cat reads end of input.
        var input = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        var holder = CliWrap.Cli.Wrap("flock").WithArguments(["-x", path, "cat"])
            .WithStandardInputPipe(CliWrap.PipeSource.FromStream(new System.IO.Pipes.AnonymousPipeClientStream(
                System.IO.Pipes.PipeDirection.In, input.ClientSafePipeHandle)))
            .ExecuteAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!IsLocked(path)) // poll until the other process holds the lock
        {
            Assert.True(DateTime.UtcNow < deadline, "flock never took the lock");
            await Task.Delay(10);
        }

        var append = ledger.AppendAsync(Entry(1, 1));
        var early = await Task.WhenAny(append, Task.Delay(TimeSpan.FromMilliseconds(400)));
        Assert.NotSame(append, early); // must wait for the other process
        await input.DisposeAsync(); // cat sees end of input, flock exits and releases
        await holder;
        await append.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await ledger.ReadAsync("local")).Count);
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException) { return true; }
    }

    [Fact]
    public async Task Entries_round_trip_and_queries_find_the_latest_successful_deploy()
    {
        using var dir = new TempDir();
        var ledger = new FileLedger(dir.Path);
        var time = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(8));
        await ledger.AppendAsync(Entry(0, 1) with { Time = time });
        await ledger.AppendAsync(Entry(0, 2) with { Result = LedgerEntry.Failed, Message = "unhealthy" });
        await ledger.AppendAsync(Entry(0, 3, "local-staging"));
        await ledger.AppendAsync(new LedgerEntry
        {
            Service = "greeting-web", Environment = "local", Action = LedgerActions.Promote, Result = LedgerEntry.Succeeded,
            Forced = true, From = "elsewhere",
        });

        var history = await ledger.HistoryAsync("greeting-web", "local");
        Assert.Equal(3, history.Count);
        Assert.Equal(time.ToUniversalTime(), history[0].Time);
        Assert.Equal(TimeSpan.Zero, history[0].Time.Offset);
        Assert.True(history[2].Forced);
        var latest = await ledger.LatestDeployAsync("greeting-web", "local");
        Assert.Equal("main-20261125-000001", latest!.Tag);
        Assert.Contains("\"time\":\"2026-11-25T00:00:00+00:00\"", File.ReadAllLines(ledger.FileFor("local"))[0]);
        Assert.Empty(await ledger.ReadAsync("nowhere"));
    }

    [Fact]
    public void Actor_is_SLIPWAY_ACTOR_else_user_at_host()
    {
        var before = Environment.GetEnvironmentVariable("SLIPWAY_ACTOR");
        try
        {
            Environment.SetEnvironmentVariable("SLIPWAY_ACTOR", "ci-bot");
            Assert.Equal("ci-bot", Actor.Current);
            Environment.SetEnvironmentVariable("SLIPWAY_ACTOR", null);
            Assert.Equal($"{Environment.UserName}@{Environment.MachineName}", Actor.Current);
        }
        finally { Environment.SetEnvironmentVariable("SLIPWAY_ACTOR", before); }
    }
}
