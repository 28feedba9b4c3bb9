using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Diagnostics.Progress;

namespace Slipway.Tests.Diagnostics;

/// <summary>What feeds the reporter: the engine's per-layer messages, streams, and the output mode.</summary>
public sealed class ProgressSourcesTests
{
    private static JSONMessage Layer(string id, string status, long current = 0, long total = 0) => new()
    {
        ID = id, Status = status, Progress = total > 0 ? new JSONProgress { Current = current, Total = total } : null,
    };

    [Fact]
    public void Engine_push_messages_become_one_transfer_per_layer_ended_by_its_final_status()
    {
        var output = new StringWriter { NewLine = "\n" };
        using var layers = new DockerLayerProgress(new PlainProgressReporter(output));
        layers.Report(Layer("aaa", "Preparing"));
        layers.Report(Layer("bbb", "Layer already exists"));
        layers.Report(Layer("aaa", "Pushing", 300, 1000));
        layers.Report(Layer("aaa", "Pushing", 800, 1000));
        layers.Report(Layer("aaa", "Pushed"));
        layers.Report(new JSONMessage { Status = "main: digest: sha256:abc size: 1234" });
        Assert.Equal(["push aaa: 25% of 1000 B", "push aaa: 75% of 1000 B", "push aaa: 100% of 1000 B"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Engine_pull_messages_show_the_download_not_the_extraction()
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var layers = new DockerLayerProgress(new PlainProgressReporter(output)))
        {
            layers.Report(Layer("ccc", "Downloading", 2048, 2048));
            layers.Report(Layer("ccc", "Extracting", 10, 2048));
            layers.Report(Layer("ddd", "Downloading", 10, 4096));
        } // interrupted: ddd is ended on dispose
        Assert.Equal(["pull ccc: 100% of 2.0 KB", "pull ddd: ended at 10 B of 4.0 KB"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_progress_stream_reports_the_bytes_written_through_it_and_ends_on_dispose()
    {
        var output = new StringWriter { NewLine = "\n" };
        var reporter = new PlainProgressReporter(output);
        var target = new MemoryStream();
        var data = new byte[4000];
        await using (var stream = new ProgressStream(target, reporter.StartTransfer("save greeting-web", null), totalBytes: 4000, leaveOpen: true))
        {
            for (var i = 0; i < 4; i++) await stream.WriteAsync(data.AsMemory(i * 1000, 1000));
            Assert.Equal(4000, stream.BytesTransferred);
        }
        Assert.Equal(4000, target.Length);
        Assert.True(target.CanWrite, "leaveOpen keeps the inner stream");
        Assert.Equal(["save greeting-web: 25% of 3.9 KB", "save greeting-web: 50% of 3.9 KB", "save greeting-web: 75% of 3.9 KB",
            "save greeting-web: 100% of 3.9 KB"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_progress_stream_counts_reads()
    {
        var output = new StringWriter { NewLine = "\n" };
        using var stream = new ProgressStream(new MemoryStream(new byte[3000]), new PlainProgressReporter(output).StartTransfer("load", null));
        stream.CopyTo(Stream.Null);
        Assert.Equal(3000, stream.BytesTransferred);
    }

    [Theory]
    [InlineData(false, null, null, OutputKind.Interactive)]
    [InlineData(true, null, null, OutputKind.Plain)]
    [InlineData(false, "true", null, OutputKind.Plain)]
    [InlineData(false, "false", null, OutputKind.Interactive)]
    [InlineData(false, null, "true", OutputKind.GitHubActions)]
    [InlineData(true, "true", "true", OutputKind.GitHubActions)]
    public void The_output_mode_follows_the_terminal_and_ci_variables(bool redirected, string? ci, string? githubActions, OutputKind expected)
    {
        var variables = new Dictionary<string, string?> { ["CI"] = ci, ["GITHUB_ACTIONS"] = githubActions };
        Assert.Equal(expected, OutputMode.Detect(redirected, name => variables.GetValueOrDefault(name)));
    }

    [Fact]
    public void Quiet_hides_progress_and_info_but_a_dry_run_always_shows_its_detail()
    {
        var quiet = BuildLogFactory.CreateConsole("quiet", dryRun: false, [], OutputKind.Plain);
        Assert.Same(NullProgressReporter.Instance, quiet.Progress);
        Assert.IsType<PlainProgressReporter>(BuildLogFactory.CreateConsole("normal", false, [], OutputKind.GitHubActions).Progress);
        Assert.IsType<SpectreProgressReporter>(BuildLogFactory.CreateConsole("Verbose", false, [], OutputKind.Interactive).Progress);
        var error = Assert.Throws<SlipwayException>(() => BuildLogFactory.CreateConsole("loud", false, [], OutputKind.Plain));
        Assert.Contains("--verbosity", error.Message);
    }

    [Fact]
    public void The_spectre_reporter_renders_transfers_and_waits_on_an_ansi_console_and_ends_its_display()
    {
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.Yes,
            Interactive = Spectre.Console.InteractionSupport.Yes,
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
        });
        var reporter = new SpectreProgressReporter(console);
        using (var layer = reporter.StartTransfer("push layer-one", 2048))
        using (var wait = reporter.StartWait("waiting for health"))
        {
            layer.Report(1024);
            wait.Update("503");
        }
        var text = writer.ToString();
        Assert.Contains("push layer-one", text);
        Assert.Contains("waiting for health", text);
        // A second round starts a new live display rather than hanging on the finished one.
        using (reporter.StartWait("again")) { }
        Assert.Contains("again", writer.ToString());
    }
}
