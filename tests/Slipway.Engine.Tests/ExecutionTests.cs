using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class ExecutionTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_successful_build_exits_zero_and_says_so()
    {
        var result = _fixture.Run(new PipelineBuild(), ["Compile"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Build succeeded on ", result.Output);
        Assert.Contains("Succeeded", result.SummaryRow("Compile"));
    }

    [Fact]
    public void A_failed_target_fails_the_build_and_the_rest_does_not_run()
    {
        var build = new FailingBuild();

        var result = _fixture.Run(build, ["Independent", "Breaks"]);

        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.Equal(["Breaks"], build.Executed);
        Assert.Contains("Failed", result.SummaryRow("Breaks"));
        Assert.Contains("NotRun", result.SummaryRow("Independent"));
        Assert.Contains("Build failed", result.Output);
        Assert.True(build.IsFailing);
    }

    [Fact]
    public void ProceedAfterFailure_keeps_going_but_the_build_still_fails()
    {
        var build = new FailingBuild();

        var result = _fixture.Run(build, ["BreaksButProceeds", "Independent"]);

        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.Equal(["BreaksButProceeds", "Independent"], build.Executed);
        Assert.Contains("Succeeded", result.SummaryRow("Independent"));
        Assert.Contains("Build failed", result.Output);
    }

    [Fact]
    public void Dependents_of_a_failed_target_do_not_run_even_when_it_proceeds()
    {
        var build = new FailingBuild();

        var result = _fixture.Run(build, ["NeedsProceeding"]);

        Assert.Equal(["BreaksButProceeds"], build.Executed);
        Assert.Contains("NotRun", result.SummaryRow("NeedsProceeding"));
        Assert.Contains("dependency BreaksButProceeds did not succeed", result.SummaryRow("NeedsProceeding"));
    }

    [Fact]
    public void AssuredAfterFailure_targets_run_after_a_failure()
    {
        var build = new FailingBuild();

        var result = _fixture.Run(build, ["Breaks", "Independent", "Cleanup"]);

        Assert.Equal(["Breaks", "Cleanup"], build.Executed);
        Assert.Contains("Succeeded", result.SummaryRow("Cleanup"));
        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
    }

    [Fact]
    public void Several_actions_run_in_order_including_async_ones()
    {
        var build = new FailingBuild();

        var result = _fixture.Run(build, ["Steps"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["step 1", "step 2", "step 3"], build.Executed);
    }

    [Fact]
    public void An_exception_that_is_not_user_facing_is_printed_in_full()
    {
        var result = _fixture.Run(new FailingBuild(), ["Breaks"]);

        Assert.Contains("ERROR: Target Breaks failed: System.InvalidOperationException: compiler crashed", result.Output);
        Assert.Contains("   at ", result.Output);
    }

    [Fact]
    public void A_SlipwayException_is_printed_as_its_message_only()
    {
        var result = _fixture.Run(new FailingBuild(), ["BreaksKindly"]);

        Assert.Contains("ERROR: Target BreaksKindly failed: --env: unknown environment. Fix: use dev or prod", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void IsUserFacing_decides_which_exceptions_print_their_message_only()
    {
        var result = _fixture.Run(new FailingBuild { TreatInvalidOperationAsUserFacing = true }, ["Breaks"]);

        Assert.Contains("ERROR: Target Breaks failed: compiler crashed", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void Build_hooks_run_around_the_targets_and_see_the_outcome()
    {
        var build = new FailingBuild();

        _fixture.Run(build, ["Breaks"]);

        Assert.Equal("initialized [Breaks]", build.Hooks[0]);
        Assert.Equal("finished failing=True", build.Hooks[1]);
    }

    [Fact]
    public void A_throwing_OnBuildInitialized_fails_the_build_before_any_target()
    {
        var build = new FailingBuild { ThrowOnInitialized = true };

        var result = _fixture.Run(build, ["Independent"]);

        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.Empty(build.Executed);
        Assert.Contains("Build could not start", result.Output);
    }

    [Fact]
    public void The_injected_root_is_the_RootDirectory_during_the_run()
    {
        var build = new FailingBuild();

        _fixture.Run(build, ["Independent"]);

        Assert.Equal(_fixture.Root, build.RootSeenByTarget);
    }

    private sealed class SlipwayException(string message) : Exception(message);

    private sealed class FailingBuild : RecordingBuild
    {
        public bool TreatInvalidOperationAsUserFacing { get; init; }
        public bool ThrowOnInitialized { get; init; }
        public List<string> Hooks { get; } = [];
        public string? RootSeenByTarget { get; private set; }

        Target Breaks => _ => _.Executes(() =>
        {
            Record(nameof(Breaks));
            throw new InvalidOperationException("compiler crashed");
        });

        Target BreaksKindly => _ => _.Executes(() => throw new SlipwayException("--env: unknown environment. Fix: use dev or prod"));

        Target BreaksButProceeds => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Record(nameof(BreaksButProceeds));
            throw new InvalidOperationException("flaky");
        });

        Target NeedsProceeding => _ => _.DependsOn(BreaksButProceeds).Executes(() => Record(nameof(NeedsProceeding)));

        Target Independent => _ => _.Executes(() =>
        {
            RootSeenByTarget = RootDirectory;
            Record(nameof(Independent));
        });

        Target Cleanup => _ => _.AssuredAfterFailure().Executes(() => Record(nameof(Cleanup)));

        Target Steps => _ => _
            .Executes(() => Record("step 1"))
            .Executes(async () =>
            {
                await Task.Yield();
                Record("step 2");
            })
            .Executes(() => Record("step 3"));

        protected override void OnBuildInitialized()
        {
            Hooks.Add($"initialized [{string.Join(",", ExecutingTargets)}]");
            if (ThrowOnInitialized)
                throw new InvalidOperationException("no docker");
        }

        protected override void OnBuildFinished() => Hooks.Add($"finished failing={IsFailing}");

        protected override bool IsUserFacing(Exception exception) =>
            TreatInvalidOperationAsUserFacing && exception is InvalidOperationException;
    }
}
