using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Trigger;

namespace Slipway.Tests.Trigger;

/// <summary>Runs requested through the API: real build hosts, the queue per service and environment, log streaming.</summary>
public sealed class TriggerRunTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static BuildProcessExecutor RealBuildHost(string stateDirectory) => new(new BuildHostCommand
    {
        Program = "dotnet",
        Prefix = [BuildCli.Dll],
        Suffix = ["--state-directory", stateDirectory],
        WorkingDirectory = RepoRoot.Path,
        // A dry run makes no engine call; an unreachable engine proves it.
        Environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" },
    });

    [Fact]
    public async Task A_requested_dry_run_of_the_local_chain_succeeds_and_its_streamed_log_has_every_target()
    {
        using var temp = new TempDir();
        await using var harness = await TriggerHarness.StartAsync(RealBuildHost(temp.Combine("state")));

        var posted = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy", dryRun = true });
        var id = posted.GetProperty("id").GetString()!;
        Assert.Equal("running", posted.GetProperty("state").GetString());

        // Follows the run live: the response ends when the run ends.
        var log = await harness.Client.GetStringAsync($"/runs/{id}/log");
        foreach (var target in new[] { "Checkout", "MavenPackage", "ExplodeWar", "DockerBuild", "Push", "Deploy" })
            Assert.Contains($"> {target}\n", log);
        Assert.Contains("DRY RUN: nothing will be changed", log);
        Assert.Contains("Build succeeded", log);

        var status = await harness.WaitForEndAsync(id, Deadline);
        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal(0, status.GetProperty("exitCode").GetInt32());
        Assert.True(status.GetProperty("finishedAt").GetDateTimeOffset() >= status.GetProperty("startedAt").GetDateTimeOffset());
        Assert.False(Directory.Exists(temp.Combine("state")), "a dry run through the API must not create state either");
        Assert.DoesNotContain(TriggerHarness.Token, log);
    }

    [Theory]
    [InlineData("dotnet", "/nonexistent/_build.dll", "exit code")]
    [InlineData("/nonexistent/dotnet", "_build.dll", "cannot start the program")]
    public async Task A_run_whose_build_host_fails_or_cannot_start_is_failed_and_the_server_keeps_serving(string program, string dll, string logged)
    {
        var executor = new BuildProcessExecutor(new BuildHostCommand { Program = program, Prefix = [dll] });
        await using var harness = await TriggerHarness.StartAsync(executor);
        var id = (await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" })).GetProperty("id").GetString()!;
        var status = await harness.WaitForEndAsync(id, Deadline);
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.NotEqual(0, status.GetProperty("exitCode").GetInt32());
        Assert.Contains(logged, await harness.Client.GetStringAsync($"/runs/{id}/log"));
        var next = (await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" })).GetProperty("id").GetString()!;
        Assert.Equal("failed", (await harness.WaitForEndAsync(next, Deadline)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Two_real_runs_for_the_same_service_and_environment_never_overlap()
    {
        using var temp = new TempDir();
        await using var harness = await TriggerHarness.StartAsync(RealBuildHost(temp.Combine("state")));
        var body = new { service = "greeting-web", env = "local", target = "Deploy", dryRun = true };
        var first = (await harness.PostRunAsync(body)).GetProperty("id").GetString()!;
        var second = (await harness.PostRunAsync(body)).GetProperty("id").GetString()!;

        var a = await harness.WaitForEndAsync(first, Deadline);
        var b = await harness.WaitForEndAsync(second, Deadline);
        Assert.Equal("succeeded", a.GetProperty("state").GetString());
        Assert.Equal("succeeded", b.GetProperty("state").GetString());
        Assert.True(b.GetProperty("startedAt").GetDateTimeOffset() >= a.GetProperty("finishedAt").GetDateTimeOffset(),
            $"the second run started before the first ended: {a} / {b}");
    }

    [Fact]
    public async Task A_second_request_for_a_busy_service_and_environment_queues_says_what_it_waits_for_and_starts_after()
    {
        var executor = new GatedExecutor();
        await using var harness = await TriggerHarness.StartAsync(executor);
        var first = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" });
        var second = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Push" });
        var otherEnv = await harness.PostRunAsync(new { service = "greeting-web", env = "local-staging", target = "Deploy" });
        string Id(JsonElement e) => e.GetProperty("id").GetString()!;

        Assert.Equal("running", first.GetProperty("state").GetString());
        Assert.Equal("queued", second.GetProperty("state").GetString());
        Assert.Equal(Id(first), second.GetProperty("waitingFor").GetString());
        Assert.Contains($"waiting for run {Id(first)} of greeting-web in local", second.GetProperty("reason").GetString());
        Assert.Equal("running", otherEnv.GetProperty("state").GetString());
        Assert.Equal("queued", (await harness.StatusAsync(Id(second))).GetProperty("state").GetString());

        executor.Release(Id(first));
        var firstDone = await harness.WaitForEndAsync(Id(first), Deadline);
        executor.Release(Id(second));
        var secondDone = await harness.WaitForEndAsync(Id(second), Deadline);
        executor.Release(Id(otherEnv));
        await harness.WaitForEndAsync(Id(otherEnv), Deadline);

        Assert.Equal("succeeded", secondDone.GetProperty("state").GetString());
        Assert.True(secondDone.GetProperty("startedAt").GetDateTimeOffset() >= firstDone.GetProperty("finishedAt").GetDateTimeOffset());
        var log = await harness.Client.GetStringAsync($"/runs/{Id(second)}/log");
        Assert.Equal($"queued: waiting for run {Id(first)} of greeting-web in local to finish\nstarted {Id(second)}\nreleased {Id(second)}\n", log);

        var recent = JsonDocument.Parse(await harness.Client.GetStringAsync("/runs")).RootElement;
        Assert.Equal([Id(otherEnv), Id(second), Id(first)], recent.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_client_that_leaves_the_log_stream_does_not_stop_the_run_and_a_late_reader_gets_the_whole_log()
    {
        var executor = new GatedExecutor();
        await using var harness = await TriggerHarness.StartAsync(executor);
        var id = (await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" })).GetProperty("id").GetString()!;

        using (var response = await harness.Client.GetAsync($"/runs/{id}/log", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.TransferEncodingChunked);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal($"started {id}", await reader.ReadLineAsync());
        } // the client hangs up mid-run

        Assert.Equal("running", (await harness.StatusAsync(id)).GetProperty("state").GetString());
        executor.Release(id);
        var status = await harness.WaitForEndAsync(id, Deadline);
        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal($"started {id}\nreleased {id}\n", await harness.Client.GetStringAsync($"/runs/{id}/log"));
    }

    [Theory]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Deplyo"}""", "target", "Checkout, MavenPackage")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Serve"}""", "target", "Deploy")]
    [InlineData("""{"service":"greeting-web","env":"nowhere","target":"Deploy"}""", "Unknown environment 'nowhere'", "online-region1")]
    [InlineData("""{"service":"nope","env":"local","target":"Deploy"}""", "nope", "greeting-web")]
    [InlineData("""{"env":"local","target":"Deploy"}""", "service", "missing")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Deploy","branch":"--upload-pack=x"}""", "branch", "starts with '-'")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Deploy","commit":"HEAD~1"}""", "commit", "hexadecimal")]
    [InlineData("""{"service":""", "not valid JSON", "Fix")]
    [InlineData("null", "request body", "Fix")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Approve"}""", "digest", "missing")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Approve","digest":"sha512:ab"}""", "digest", "not a sha256 digest")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Deploy","withdraw":true}""", "withdraw", "only Approve takes it")]
    [InlineData("""{"service":"greeting-web","env":"local","target":"Freeze","reason":"a\nb"}""", "reason", "control characters")]
    public async Task A_bad_request_is_refused_with_400_naming_the_field_and_nothing_runs(string body, string problem, string hint)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        using var response = await harness.Client.PostAsync("/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains(problem, error);
        Assert.Contains(hint, error);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Fact]
    public async Task An_unknown_run_is_404()
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        Assert.Equal(HttpStatusCode.NotFound, (await harness.Client.GetAsync("/runs/42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.Client.GetAsync("/runs/42/log")).StatusCode);
    }

    [Fact]
    public void The_child_build_host_gets_an_argument_array_for_the_run()
    {
        var command = new BuildHostCommand { Prefix = ["/x/_build.dll"], Suffix = ["--catalog", "/x/services.json"] };
        var args = command.Arguments(new RunSpec("greeting-web", "local", "Deploy", "feature/a b", "abc1234", DryRun: true));
        Assert.Equal(["/x/_build.dll", "Deploy", "--env", "local", "--service", "greeting-web", "--branch", "feature/a b",
            "--commit", "abc1234", "--dry-run", "--catalog", "/x/services.json"], args);
        var approve = command.Arguments(new RunSpec("greeting-web", "local", "Approve", null, null, false, "alice", "sha256:ab",
            "--force; rm -rf /", Withdraw: true, ForOverride: true));
        Assert.Equal(["/x/_build.dll", "Approve", "--env", "local", "--service", "greeting-web", "--digest", "sha256:ab",
            "--reason=--force; rm -rf /", "--withdraw", "--for-override", "--catalog", "/x/services.json"], approve);
    }
}
