using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class SkipTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Skip_with_names_skips_those_targets_and_says_why()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["Test", "--skip", "restore", "Stamp"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Compile", "Test"], build.Executed);
        Assert.Contains("Skipped", result.SummaryRow("Restore"));
        Assert.Contains("--skip", result.SummaryRow("Restore"));
        Assert.Contains("Skipping Restore: --skip", result.Output);
    }

    [Fact]
    public void Skip_alone_skips_everything_but_the_invoked_targets()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["Test", "--skip"]);

        Assert.Equal(["Test"], build.Executed);
        Assert.Contains("Skipped", result.SummaryRow("Compile"));
    }

    [Fact]
    public void Skip_accepts_a_comma_list()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["Test", "--skip", "Restore,Stamp"]);

        Assert.Equal(["Compile", "Test"], build.Executed);
    }

    [Fact]
    public void Skipping_an_unknown_target_lists_the_valid_ones()
    {
        var result = _fixture.Run(new PipelineBuild(), ["Test", "--skip", "Nope"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Unknown target 'Nope'. Available targets are: Clean, Restore,", result.Output);
    }

    [Fact]
    public void Skip_can_come_from_parameters_json()
    {
        _fixture.WriteParameters("parameters.json", """{ "Skip": ["Restore"] }""");
        var build = new PipelineBuild();

        _fixture.Run(build, ["Compile"]);

        Assert.Equal(["Stamp", "Compile"], build.Executed);
    }
}
