using Slipway.Diagnostics.Progress;

namespace Slipway.Tests.Diagnostics;

/// <summary>The plain renderer's exact lines: stable, whole lines, no ANSI and no carriage returns.</summary>
public sealed class PlainProgressReporterTests
{
    private static string[] Lines(StringWriter writer) => writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_transfer_of_known_size_prints_one_line_at_each_quarter_and_nothing_in_between()
    {
        var output = new StringWriter { NewLine = "\n" };
        var reporter = new PlainProgressReporter(output);
        using (var layer = reporter.StartTransfer("push 3f2a1b0c9d8e", 4 * 1024 * 1024))
        {
            foreach (var done in new long[] { 100, 1024 * 1024, 1024 * 1024 + 1, 2_500_000, 3 * 1024 * 1024, 4_000_000, 4 * 1024 * 1024 })
                layer.Report(done);
        }
        Assert.Equal([
            "push 3f2a1b0c9d8e: 25% of 4.0 MB",
            "push 3f2a1b0c9d8e: 50% of 4.0 MB",
            "push 3f2a1b0c9d8e: 75% of 4.0 MB",
            "push 3f2a1b0c9d8e: 100% of 4.0 MB",
        ], Lines(output));
        Assert.DoesNotContain('\r', output.ToString());
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void A_jump_past_several_quarters_prints_only_the_highest_and_a_cut_transfer_says_where_it_ended()
    {
        var output = new StringWriter { NewLine = "\n" };
        var reporter = new PlainProgressReporter(output);
        using (var layer = reporter.StartTransfer("pull abc", 1000))
        {
            layer.Report(600);
        }
        Assert.Equal(["pull abc: 50% of 1000 B", "pull abc: ended at 600 B of 1000 B"], Lines(output));
    }

    [Fact]
    public void A_transfer_of_unknown_size_prints_one_line_when_it_ends_unless_a_total_arrives()
    {
        var output = new StringWriter { NewLine = "\n" };
        var reporter = new PlainProgressReporter(output);
        using (var save = reporter.StartTransfer("save greeting-web", null))
        {
            save.Report(10_000);
            save.Report(2_621_440);
        }
        using (var late = reporter.StartTransfer("load x", null))
        {
            late.Report(512, totalBytes: 512);
        }
        Assert.Equal(["save greeting-web: done, 2.5 MB", "load x: 100% of 512 B"], Lines(output));
    }

    [Fact]
    public void A_wait_prints_its_start_and_its_elapsed_time_with_the_last_status()
    {
        var output = new StringWriter { NewLine = "\n" };
        var clock = new ManualClock();
        var reporter = new PlainProgressReporter(output, clock);
        using (var wait = reporter.StartWait("[localhost] waiting for http://127.0.0.1:18080/health"))
        {
            wait.Update("connection refused");
            clock.Ticks += TimeSpan.FromSeconds(3.46).Ticks;
            wait.Update("200 OK");
        }
        Assert.Equal([
            "[localhost] waiting for http://127.0.0.1:18080/health ...",
            "[localhost] waiting for http://127.0.0.1:18080/health: 3.5s (200 OK)",
        ], Lines(output));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(315_621_376, "301.0 MB")]
    public void Byte_sizes_read_the_same_in_every_culture(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));
}
