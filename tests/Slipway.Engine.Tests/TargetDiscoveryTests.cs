using System.Reflection;
using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class TargetDiscoveryTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Expression_bodied_targets_capturing_this_yield_a_new_delegate_per_get_yet_resolve()
    {
        var build = new PipelineBuild();
        var compile = typeof(PipelineBuild).GetProperty("Compile", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.NotSame(compile.GetValue(build), compile.GetValue(build));

        var result = _fixture.Run(build, ["Test"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Compile", build.Executed);
    }

    [Fact]
    public void Non_capturing_targets_share_one_cached_delegate_and_resolve()
    {
        var lint = typeof(PipelineBuild).GetProperty("Lint", BindingFlags.Instance | BindingFlags.NonPublic)!;
        var build = new PipelineBuild();
        Assert.Same(lint.GetValue(build), lint.GetValue(build));

        var result = _fixture.Run(build, ["Compile"]);

        Assert.Contains("| Lint ", result.Output);
        Assert.Contains("Absent", result.SummaryRow("Lint"));
    }

    [Fact]
    public void Targets_of_base_classes_come_first_and_can_be_referenced()
    {
        var build = new DerivedBuild();

        var result = _fixture.Run(build, ["Deploy"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Prepare", "Deploy"], build.Executed);
    }

    [Fact]
    public void Block_bodied_getters_returning_fresh_delegates_resolve()
    {
        var build = new CountingBuild();

        _fixture.Run(build, ["Two"]);

        Assert.Equal(["One", "Two"], build.Executed);
        Assert.Equal(2, build.OneReads); // once to collect definitions, once when Two references it
    }

    [Fact]
    public void Referencing_a_delegate_that_is_not_a_target_property_is_reported()
    {
        var result = _fixture.Run(new StrayReferenceBuild(), ["Main"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Target Main references a target that is not a Target property", result.Output);
    }

    private abstract class BaseBuild : RecordingBuild
    {
        protected Target Prepare => _ => _.Executes(() => Record(nameof(Prepare)));
    }

    private sealed class DerivedBuild : BaseBuild
    {
        Target Deploy => _ => _.DependsOn(Prepare).Executes(() => Record(nameof(Deploy)));
    }

    private sealed class CountingBuild : RecordingBuild
    {
        public int OneReads;
        Target One { get { OneReads++; return _ => _.Executes(() => Record("One")); } }
        Target Two => _ => _.DependsOn(One).Executes(() => Record("Two"));
    }

    private sealed class StrayReferenceBuild : RecordingBuild
    {
        private static readonly Target Stray = _ => _;
        Target Main => _ => _.DependsOn(Stray);
    }
}
