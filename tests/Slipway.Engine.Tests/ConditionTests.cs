using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class ConditionTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_false_static_condition_skips_the_target_and_prints_the_condition()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Push", "--env", "dev"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Skipping Push: condition `Registry != null` is false", result.Output);
        Assert.Contains("Skipped", result.SummaryRow("Push"));
        Assert.DoesNotContain("Push", build.Executed);
    }

    [Fact]
    public void A_skipped_target_does_not_skip_its_dependencies_or_dependents()
    {
        var build = new DeployBuild();

        _fixture.Run(build, ["Deploy", "--env", "dev"]);

        Assert.Equal(["Compile", "Package", "Deploy"], build.Executed);
    }

    [Fact]
    public void Static_conditions_are_evaluated_before_anything_runs()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["PushWhenReadyStatic"]);

        Assert.Equal(["Compile", "Package"], build.Executed);
        Assert.Contains("Skipping PushWhenReadyStatic: condition `ReadyToPush` is false", result.Output);
    }

    [Fact]
    public void Dynamic_conditions_are_evaluated_right_before_the_target_runs()
    {
        var build = new DeployBuild();

        _fixture.Run(build, ["PushWhenReady"]);

        Assert.Equal(["Compile", "Package", "PushWhenReady"], build.Executed);
    }

    [Fact]
    public void A_false_dynamic_condition_skips_with_the_condition_printed()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Smoke_", "--env", "dev"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Skipping Smoke_: condition `Smoke && Env == \"prod\"` is false", result.Output);
        Assert.Contains("Skipped", result.SummaryRow("Smoke_"));
    }
}
