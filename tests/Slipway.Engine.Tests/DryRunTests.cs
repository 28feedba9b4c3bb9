using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class DryRunTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Dry_run_announces_itself_and_targets_still_run_seeing_the_flag()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Show", "--dry-run"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Equal("DRY RUN: nothing will be changed", lines.First(l => l.Length > 0).TrimEnd());
        Assert.Contains("dry=True", result.Output);
    }

    [Fact]
    public void Without_dry_run_there_is_no_banner()
    {
        var result = _fixture.Run(new DeployBuild(), ["Show"]);

        Assert.DoesNotContain("DRY RUN", result.Output);
        Assert.Contains("dry=False", result.Output);
    }

    [Fact]
    public void A_bool_flag_may_be_followed_by_the_target_name()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["--dry-run", "Compile"]);

        Assert.Equal(0, result.ExitCode);
        Assert.True(build.DryRun);
        Assert.Equal(["Compile"], build.Executed);
    }
}
