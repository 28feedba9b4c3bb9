using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Tests.Processes;

public class ProcessRunnerTests
{
    [Fact]
    public async Task Captures_exit_code_stdout_stderr_and_duration()
    {
        var r = await ProcessRunner.RunAsync("sh", ["-c", "echo out1; echo err1 >&2; echo out2; exit 3"]);
        Assert.Equal(3, r.ExitCode);
        Assert.False(r.Succeeded);
        Assert.Equal(["out1", "out2"], r.StandardOutput);
        Assert.Equal(["err1"], r.StandardError);
        Assert.True(r.Duration > TimeSpan.Zero);
        Assert.False(r.OutputTruncated);
    }

    [Fact]
    public async Task Keeps_only_the_last_lines()
    {
        var r = await ProcessRunner.RunAsync("sh", ["-c", "i=1; while [ $i -le 500 ]; do echo $i; i=$((i+1)); done"],
            options: new ProcessRunOptions { TailLines = 10 });
        Assert.Equal(Enumerable.Range(491, 10).Select(i => i.ToString()), r.StandardOutput);
        Assert.True(r.OutputTruncated);
    }

    [Fact]
    public async Task Arguments_reach_the_process_verbatim_without_a_shell()
    {
        using var tmp = new TempDir();
        var marker = tmp.Combine("marker");
        string[] args = ["%s\n", $"$(touch {marker})", "a b", "it's", "", "*", "--upload-pack=evil", "a;rm -rf /"];
        var r = (await ProcessRunner.RunAsync("printf", args)).EnsureSuccess();
        Assert.Equal(args[1..], r.StandardOutput);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Streams_every_line_to_onLine()
    {
        var lines = new List<string>();
        await ProcessRunner.RunAsync("sh", ["-c", "echo a; echo b >&2; echo c"], onLine: lines.Add);
        Assert.Equal(["a", "b", "c"], lines.Order());
    }

    [Fact]
    public async Task Sets_and_removes_environment_variables_and_uses_workdir()
    {
        using var tmp = new TempDir();
        Environment.SetEnvironmentVariable("SLIPWAY_TEST_REMOVE_ME", "present");
        try
        {
            var r = await ProcessRunner.RunAsync("sh", ["-c", "echo \"$SLIPWAY_A|${SLIPWAY_TEST_REMOVE_ME-unset}|$(pwd)\""], tmp.Path,
                new Dictionary<string, string?> { ["SLIPWAY_A"] = "x y", ["SLIPWAY_TEST_REMOVE_ME"] = null });
            Assert.Equal($"x y|unset|{tmp.Path}", r.StandardOutput.Single());
        }
        finally { Environment.SetEnvironmentVariable("SLIPWAY_TEST_REMOVE_ME", null); }
    }

    [Fact]
    public async Task Writes_standard_input()
    {
        var r = await ProcessRunner.RunAsync("cat", [], options: new ProcessRunOptions { StandardInput = "secret-from-stdin\n" });
        Assert.Equal("secret-from-stdin", r.StandardOutput.Single());
    }

    [Fact]
    public async Task EnsureSuccess_names_the_command_redacts_secrets_and_quotes_stderr()
    {
        var r = await ProcessRunner.RunAsync("sh", ["-c", "echo \"denied for $1\" >&2; exit 4", "sh", "tok3n-value"]);
        var ex = Assert.Throws<SlipwayException>(() => r.EnsureSuccess(["tok3n-value"], fix: "log in again"));
        Assert.Contains("exit code 4", ex.Message);
        Assert.Contains("sh -c", ex.Message);
        Assert.Contains("denied for ***", ex.Message);
        Assert.Contains("Fix: log in again", ex.Message);
        Assert.DoesNotContain("tok3n-value", ex.Message);
    }

    [Fact]
    public async Task EnsureSuccess_returns_the_result_on_exit_code_zero()
    {
        var r = await ProcessRunner.RunAsync("true", []);
        Assert.Same(r, r.EnsureSuccess());
    }

    [Fact]
    public async Task Missing_program_is_a_SlipwayException()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => ProcessRunner.RunAsync("slipway-no-such-program-xyz", []));
        Assert.Contains("slipway-no-such-program-xyz", ex.Message);
    }

    [Fact]
    public async Task Missing_workdir_is_a_SlipwayException()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => ProcessRunner.RunAsync("true", [], "/nonexistent/slipway/dir"));
        Assert.Contains("/nonexistent/slipway/dir", ex.Message);
    }

    [Fact]
    public async Task Cancellation_kills_the_process()
    {
        using var cts = new CancellationTokenSource();
        var run = ProcessRunner.RunAsync("sh", ["-c", "echo started; exec sleep 60"], onLine: _ => cts.Cancel(), cancellationToken: cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
