using System.Text.Json;
using Slipway.Chain;
using Slipway.Processes;
using Slipway.Trigger;

namespace Slipway.Tests.Trigger;

/// <summary>
/// The run history in the state folder: it survives a restart, ids never repeat, and runs a killed server left
/// behind are re-attached (their process still runs) or lost (it is gone), with their logs kept.
/// </summary>
public sealed class TriggerHistoryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private static readonly RunSpec Deploy = new("greeting-web", "local", "Deploy", null, null, DryRun: false);

    private static string Id(JsonElement run) => run.GetProperty("id").GetString()!;
    private static string State(JsonElement run) => run.GetProperty("state").GetString()!;

    [Fact]
    public async Task History_survives_a_restart_and_the_next_id_is_higher_than_every_earlier_one()
    {
        using var state = new TempDir();
        var executor = new GatedExecutor();
        string[] ids;
        string firstLog;
        await using (var before = await TriggerHarness.StartAsync(executor, stateDirectory: state.Path))
        {
            ids =
            [
                Id(await before.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" })),
                Id(await before.PostRunAsync(new { service = "greeting-web", env = "local-staging", target = "Push", branch = "main" })),
            ];
            executor.Release(ids[0]);
            executor.Release(ids[1], exitCode: 2);
            await before.WaitForEndAsync(ids[0], Deadline);
            await before.WaitForEndAsync(ids[1], Deadline);
            firstLog = await before.Client.GetStringAsync($"/runs/{ids[0]}/log");
        }

        await using var after = await TriggerHarness.StartAsync(new GatedExecutor(), stateDirectory: state.Path);
        var listed = JsonDocument.Parse(await after.Client.GetStringAsync("/runs")).RootElement;
        Assert.Equal(ids.Reverse(), listed.EnumerateArray().Select(Id));
        var first = await after.StatusAsync(ids[0]);
        Assert.Equal("succeeded", State(first));
        Assert.Equal(0, first.GetProperty("exitCode").GetInt32());
        var second = await after.StatusAsync(ids[1]);
        Assert.Equal("failed", State(second));
        Assert.Equal(2, second.GetProperty("exitCode").GetInt32());
        Assert.Equal("main", second.GetProperty("branch").GetString());
        Assert.Equal("local-staging", second.GetProperty("env").GetString());
        Assert.Equal(firstLog, await after.Client.GetStringAsync($"/runs/{ids[0]}/log"));
        Assert.Equal($"started {ids[0]}\nreleased {ids[0]}\n", firstLog);

        var next = Id(await after.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" }));
        Assert.True(long.Parse(next) > ids.Max(long.Parse), $"run id {next} after a restart, earlier ids {string.Join(", ", ids)}");
        Assert.True(File.Exists(Path.Combine(new WorkspacePaths(state.Path).Trigger, RunStore.FileName)));
        foreach (var file in Directory.EnumerateFiles(state.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(RunStore.LockFileName)))
            Assert.DoesNotContain(TriggerHarness.Token, File.ReadAllText(file));
    }

    [Fact]
    public void Ids_are_never_given_again_even_after_every_run_was_deleted()
    {
        using var state = new TempDir();
        using (var store = RunStore.Open(state.Path))
        {
            foreach (var _ in Enumerable.Range(0, 3))
                store.Save(store.Insert(Deploy, DateTimeOffset.UtcNow) with { State = RunState.Succeeded, ExitCode = 0 });
            Assert.Equal([1L, 2L, 3L], store.Forget(keep: 0).Order());
            Assert.Empty(store.Recent(10));
        }
        using var reopened = RunStore.Open(state.Path);
        Assert.Equal(4, reopened.Insert(Deploy, DateTimeOffset.UtcNow).Id);
    }

    [Fact]
    public async Task Finished_runs_beyond_the_retention_limit_are_deleted_with_their_logs()
    {
        var executor = new GatedExecutor();
        await using var harness = await TriggerHarness.StartAsync(executor, keepRuns: 1);
        var first = Id(await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" }));
        executor.Release(first);
        await harness.WaitForEndAsync(first, Deadline);
        var second = Id(await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" }));
        executor.Release(second);
        await harness.WaitForEndAsync(second, Deadline);
        Id(await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" }));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await harness.Client.GetAsync($"/runs/{first}")).StatusCode);
        Assert.False(File.Exists(RunFiles.For(new WorkspacePaths(harness.StateDirectory).Trigger, long.Parse(first)).Log));
        Assert.Equal("succeeded", State(await harness.StatusAsync(second)));
    }

    public static TheoryData<string, string> LostCases => new()
    {
        { "process-gone", "its process 0 is gone without recording an exit code" },
        { "pid-reused", "is gone (the pid now belongs to another process)" },
        { "no-process-recorded", "before its process was recorded" },
        { "queued", "while it was queued; it never started" },
    };

    [Theory]
    [MemberData(nameof(LostCases))]
    public async Task A_run_left_behind_whose_process_is_gone_is_lost_after_a_restart_and_its_log_is_still_served(string @case, string reason)
    {
        using var state = new TempDir();
        var process = @case switch
        {
            // No process ever has the pid pid_max: pids stay below it.
            "process-gone" => new ProcessIdentity(int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim()), 12345),
            // A live pid (this test's own), but not the process that was recorded: it started at another time.
            "pid-reused" => ProcessIdentity.Of(Environment.ProcessId)! with { StartTicks = ProcessIdentity.Of(Environment.ProcessId)!.StartTicks - 1 },
            _ => null,
        };
        var id = LeaveBehind(state.Path, @case == "queued" ? RunState.Queued : RunState.Running, process, "building greeting-web", "pushing");

        var executor = new GatedExecutor();
        await using var harness = await TriggerHarness.StartAsync(executor, stateDirectory: state.Path);
        var status = await harness.StatusAsync(id);
        Assert.Equal("lost", State(status));
        Assert.Contains(reason.Replace("process 0", $"process {process?.Pid}"), status.GetProperty("reason").GetString());
        Assert.Contains("Fix:", status.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("exitCode").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("finishedAt").ValueKind);
        var log = await harness.Client.GetStringAsync($"/runs/{id}/log");
        Assert.StartsWith("building greeting-web\npushing\nlost: the trigger service stopped", log);

        // The lost run holds nothing: the next run of its service and environment starts at once.
        var next = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" });
        Assert.Equal("running", State(next));
        executor.Release(Id(next));
        await harness.WaitForEndAsync(Id(next), Deadline);
    }

    [Fact]
    public async Task A_run_whose_process_recorded_its_exit_code_while_no_server_ran_ends_with_that_code()
    {
        using var state = new TempDir();
        var id = LeaveBehind(state.Path, RunState.Running, new ProcessIdentity(Environment.ProcessId, 1), "deploying");
        await File.WriteAllTextAsync(RunFiles.For(new WorkspacePaths(state.Path).Trigger, long.Parse(id)).ExitCode, "4\n");

        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor(), stateDirectory: state.Path);
        var status = await harness.StatusAsync(id);
        Assert.Equal("failed", State(status));
        Assert.Equal(4, status.GetProperty("exitCode").GetInt32());
        Assert.Contains("its process went on and recorded exit code 4", status.GetProperty("reason").GetString());
        Assert.StartsWith("deploying\n", await harness.Client.GetStringAsync($"/runs/{id}/log"));
    }

    [Fact]
    public async Task A_run_whose_process_still_runs_is_reattached_holds_its_lane_and_is_followed_to_its_end()
    {
        using var state = new TempDir();
        var trigger = new WorkspacePaths(state.Path).Trigger;
        var gate = state.Combine("gate");
        long id;
        ProcessIdentity? process = null;
        using (var store = RunStore.Open(trigger))
            id = store.Insert(Deploy, DateTimeOffset.UtcNow).Id;
        var files = RunFiles.For(trigger, id);
        new RunLog(files.Log).Append("$ the build host");
        // The run's process as a killed server leaves it: started the way the server starts build hosts, still running.
        var orphan = ProcessRunner.RunAsync(DetachedRunCommand.Shell, DetachedRunCommand.Arguments(files, "sh",
            ["-c", """echo "before the restart"; while [ ! -e "$0" ]; do sleep 0.05; done; echo "after the restart"; exit 3""", gate]),
            options: new ProcessRunOptions { OnStarted = pid => process = ProcessIdentity.Of(pid) });
        using (var store = RunStore.Open(trigger))
            store.Save(store.Find(id)! with { State = RunState.Running, StartedAt = DateTimeOffset.UtcNow, Process = process });
        Assert.True(await TestContainers.EventuallyAsync(() => Task.FromResult(File.ReadAllText(files.Log).Contains("before the restart")), Deadline),
            "the orphan did not write its first line");

        // A server that stops while following a re-attached run leaves it running, and the next one re-attaches it again.
        foreach (var restart in new[] { 1, 2 })
        {
            var executor = new GatedExecutor();
            await using var harness = await TriggerHarness.StartAsync(executor, stateDirectory: state.Path);
            var status = await harness.StatusAsync(id.ToString());
            Assert.Equal("running", State(status));
            Assert.Contains($"re-attached: the trigger service stopped without finishing it (killed or crashed), but its process {process!.Pid} was still running",
                status.GetProperty("reason").GetString());
            var queued = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" });
            Assert.Equal("queued", State(queued));
            Assert.Equal(id.ToString(), queued.GetProperty("waitingFor").GetString());
            if (restart == 1) continue;

            await File.WriteAllTextAsync(gate, "");
            var ended = await harness.WaitForEndAsync(id.ToString(), Deadline);
            Assert.Equal("failed", State(ended));
            Assert.Equal(3, ended.GetProperty("exitCode").GetInt32());
            Assert.Equal("$ the build host\nbefore the restart\nafter the restart\nexit code 3\n",
                await harness.Client.GetStringAsync($"/runs/{id}/log"));
            Assert.Equal("running", State(await harness.StatusAsync(Id(queued))));
            executor.Release(Id(queued));
            await harness.WaitForEndAsync(Id(queued), Deadline);
        }
        Assert.Equal(3, (await orphan).ExitCode);
    }

    [Fact]
    public async Task A_second_server_on_the_same_state_folder_is_refused()
    {
        await using var first = await TriggerHarness.StartAsync(new GatedExecutor());
        var error = await Assert.ThrowsAsync<Slipway.Diagnostics.SlipwayException>(
            () => TriggerHarness.StartAsync(new GatedExecutor(), stateDirectory: first.StateDirectory));
        Assert.Contains("another trigger server uses this run history", error.Message);
        Assert.Contains("Fix:", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await first.Client.GetAsync("/runs")).StatusCode);
    }

    /// <summary>Writes what a killed server leaves behind: a run in <paramref name="state"/> with <paramref name="process"/> and a log.</summary>
    private static string LeaveBehind(string stateDirectory, RunState state, ProcessIdentity? process, params string[] logLines)
    {
        var trigger = new WorkspacePaths(stateDirectory).Trigger;
        using var store = RunStore.Open(trigger);
        var row = store.Insert(Deploy, DateTimeOffset.UtcNow);
        if (state == RunState.Running) store.Save(row with { State = state, StartedAt = DateTimeOffset.UtcNow, Process = process });
        var log = new RunLog(RunFiles.For(trigger, row.Id).Log);
        foreach (var line in logLines) log.Append(line);
        return row.Id.ToString();
    }
}
