using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class SummaryTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_summary_is_an_ascii_table_of_target_status_and_duration_when_output_is_plain()
    {
        var result = _fixture.Run(new PipelineBuild(), ["Test"]);

        Assert.All(result.Output, c => Assert.True(c < 128, $"non-ASCII character '{c}' in plain output"));
        Assert.Matches(@"\| Target +\| Status +\| Duration \| Note", result.Output);
        Assert.Matches(@"\| Test +\| Succeeded +\| +\d+:\d\d\.\d{3} \|", result.Output);
        Assert.Matches(@"\| Total +\|", result.Output);
    }

    [Fact]
    public void The_summary_lists_plan_targets_in_execution_order()
    {
        var result = _fixture.Run(new PipelineBuild(), ["Test"]);

        var rows = result.Output.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim())
            .Where(name => name.Length > 0)
            .ToList();
        Assert.Equal(["Target", "Lint", "Restore", "Stamp", "Compile", "Test", "Total"], rows);
    }

    [Fact]
    public void The_final_line_states_the_outcome()
    {
        var ok = _fixture.Run(new PipelineBuild(), ["Restore"]);
        Assert.Matches(@"Build succeeded on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*$", ok.Output);
    }

    [Fact]
    public void A_target_that_succeeded_shows_the_note_the_build_gives_it_and_a_failed_one_its_error()
    {
        Assert.Matches(@"\| Deploy +\| Succeeded +\| +\d+:\d\d\.\d{3} \| verified in 10\.2 s", _fixture.Run(new NotedBuild(), ["Deploy"]).Output);
        Assert.Matches(@"\| Deploy +\| Failed +\| +\d+:\d\d\.\d{3} \| deploy broke", _fixture.Run(new NotedBuild { FailDeploy = true }, ["Deploy"]).Output);
    }
}
