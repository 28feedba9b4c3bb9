using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class PlanningTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Dependencies_run_before_the_invoked_target()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["Test"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Stamp", "Compile", "Test"], build.Executed);
    }

    [Fact]
    public void DependentFor_adds_the_declaring_target_before_the_one_it_is_dependent_for()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["Compile"]);

        Assert.Equal(["Restore", "Stamp", "Compile"], build.Executed);
    }

    [Fact]
    public void After_orders_targets_that_are_both_planned_without_adding_any()
    {
        var packOnly = new PipelineBuild();
        _fixture.Run(packOnly, ["Pack"]);
        Assert.DoesNotContain("Test", packOnly.Executed);

        var both = new PipelineBuild();
        _fixture.Run(both, ["Pack", "Test"]);
        Assert.True(both.Executed.ToList().IndexOf("Test") < both.Executed.ToList().IndexOf("Pack"));
    }

    [Fact]
    public void Before_orders_the_declaring_target_first_without_adding_it()
    {
        var withoutClean = new PipelineBuild();
        _fixture.Run(withoutClean, ["Restore"]);
        Assert.Equal(["Restore"], withoutClean.Executed);

        var withClean = new PipelineBuild();
        _fixture.Run(withClean, ["Restore", "Clean"]);
        Assert.Equal(["Clean", "Restore"], withClean.Executed);
    }

    [Fact]
    public void Triggers_and_TriggeredBy_join_the_plan_to_a_fixpoint_after_their_trigger()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["Publish"]);

        Assert.Equal(["Restore", "Stamp", "Compile", "Pack", "Publish", "Notify", "Archive", "Audit"], build.Executed);
    }

    [Fact]
    public void Independent_targets_keep_declaration_order()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["Archive", "Restore", "Clean"]);

        Assert.Equal(["Clean", "Restore", "Archive", "Audit"], build.Executed);
    }

    [Fact]
    public void Target_names_are_case_insensitive()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["rEsToRe"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore"], build.Executed);
    }

    [Fact]
    public void Default_targets_run_when_no_target_is_named()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, [], x => x.Restore);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore"], build.Executed);
        Assert.Equal(["Restore"], build.InvokedTargets);
    }

    [Fact]
    public void No_target_and_no_default_fails_and_shows_help()
    {
        var result = _fixture.Run(new PipelineBuild(), []);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("No target given", result.Output);
        Assert.Contains("Targets", result.Output);
    }

    [Fact]
    public void Target_parameter_names_targets_too()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["--target", "Restore", "Clean"]);

        Assert.Equal(["Clean", "Restore"], build.Executed);
    }

    [Fact]
    public void Invoked_and_executing_targets_are_exposed_to_the_build()
    {
        var build = new PipelineBuild();

        _fixture.Run(build, ["compile", "--skip", "Stamp"]);

        Assert.Equal(["Compile"], build.InvokedTargets);
        Assert.Equal(["Lint", "Restore", "Compile"], build.ExecutingTargets);
    }

    [Fact]
    public void A_cycle_is_reported_by_name_and_nothing_runs()
    {
        var build = new CyclicBuild();

        var result = _fixture.Run(build, ["Alpha"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Circular dependency: Alpha -> Beta -> Gamma -> Alpha", result.Output);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public void A_target_depending_on_itself_is_a_cycle()
    {
        var result = _fixture.Run(new CyclicBuild(), ["Self"]);

        Assert.Contains("Circular dependency: Self -> Self", result.Output);
    }

    [Fact]
    public void Ordering_constraints_can_form_a_cycle_too()
    {
        var result = _fixture.Run(new CyclicBuild(), ["First", "Second"]);

        Assert.Contains("Circular dependency: First -> Second -> First", result.Output);
    }

    private sealed class CyclicBuild : RecordingBuild
    {
        Target Alpha => _ => _.DependsOn(Beta).Executes(() => Record(nameof(Alpha)));
        Target Beta => _ => _.DependsOn(Gamma).Executes(() => Record(nameof(Beta)));
        Target Gamma => _ => _.DependsOn(Alpha).Executes(() => Record(nameof(Gamma)));
        Target Self => _ => _.DependsOn(Self);
        Target First => _ => _.After(Second);
        Target Second => _ => _.After(First);
    }
}
