using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class RequirementTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_missing_required_parameter_fails_before_any_target_runs()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Push", "--registry", "r.example"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(build.Executed);
        Assert.Contains("Target Push requires parameter --env", result.Output);
        Assert.Contains("NotRun", result.SummaryRow("Compile"));
        Assert.Contains("Build failed", result.Output);
    }

    [Fact]
    public void Every_violated_requirement_of_the_plan_is_reported()
    {
        var result = _fixture.Run(new DeployBuild(), ["Deploy", "--registry", "r", "--retries", "0"]);

        Assert.Contains("Target Push requires parameter --env", result.Output);
        Assert.Contains("Target Deploy requires parameter --env", result.Output);
        Assert.Contains("Target Deploy requires `Retries > 0`", result.Output);
    }

    [Fact]
    public void A_requirement_met_from_the_environment_lets_the_build_run()
    {
        _fixture.Variables["SLIPWAY_ENV"] = "dev";
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Push", "--registry", "r"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Compile", "Package", "Push"], build.Executed);
    }

    [Fact]
    public void Requirements_of_targets_skipped_by_a_static_condition_are_not_checked()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Push"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Compile", "Package"], build.Executed);
    }

    [Fact]
    public void An_empty_string_does_not_satisfy_a_requirement()
    {
        var result = _fixture.Run(new DeployBuild(), ["Push", "--registry", "r", "--env", " "]);

        Assert.Contains("Target Push requires parameter --env", result.Output);
    }
}
