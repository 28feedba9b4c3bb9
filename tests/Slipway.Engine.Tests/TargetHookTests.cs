namespace Slipway.Engine.Tests;

/// <summary>OnTargetStart / OnTargetFinish: called around every target that runs, in order, with the failure.</summary>
public sealed class TargetHookTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Each_running_target_is_wrapped_by_start_and_finish_around_its_output()
    {
        var build = new HookBuild();
        var result = _fixture.Run(build, ["Second"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["start First", "finish First Succeeded", "start Second", "finish Second Succeeded"], build.Events);
        var output = result.Output;
        Assert.True(output.IndexOf("[start First]", StringComparison.Ordinal) < output.IndexOf("> First", StringComparison.Ordinal));
        Assert.True(output.IndexOf("running First", StringComparison.Ordinal) < output.IndexOf("[finish First]", StringComparison.Ordinal));
        Assert.True(output.IndexOf("[finish First]", StringComparison.Ordinal) < output.IndexOf("[start Second]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_target_reports_its_unwrapped_exception_and_skipped_targets_get_no_hooks()
    {
        var build = new HookBuild { FailSecond = true };
        var result = _fixture.Run(build, ["Third"]);

        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.Equal(["start First", "finish First Succeeded", "start Second", "finish Second Failed: boom in Second"], build.Events);
        Assert.IsType<InvalidOperationException>(build.Failure);
    }

    [Fact]
    public void A_target_skipped_by_a_dynamic_condition_gets_no_hooks()
    {
        var build = new HookBuild { SkipFirst = true };
        _fixture.Run(build, ["Second"]);
        Assert.Equal(["start Second", "finish Second Succeeded"], build.Events);
    }

    [Fact]
    public void A_throwing_finish_hook_fails_the_build_with_a_message()
    {
        var build = new HookBuild { ThrowOnFinish = true };
        var result = _fixture.Run(build, ["First"]);
        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.Contains("OnTargetFinish for First failed", result.Output);
    }

    private sealed class HookBuild : Builds.RecordingBuild
    {
        public bool FailSecond { get; init; }
        public bool SkipFirst { get; init; }
        public bool ThrowOnFinish { get; init; }
        public List<string> Events { get; } = [];
        public Exception? Failure { get; private set; }

        Target First => _ => _.OnlyWhenDynamic(() => !SkipFirst).Executes(() => Record("First"));
        Target Second => _ => _.DependsOn(First).Executes(() =>
        {
            Record("Second");
            if (FailSecond) throw new InvalidOperationException("boom in Second");
        });
        Target Third => _ => _.DependsOn(Second).Executes(() => Record("Third"));

        protected override void OnTargetStart(string target)
        {
            Events.Add("start " + target);
            Output.WriteLine($"[start {target}]");
        }

        protected override void OnTargetFinish(string target, TargetStatus status, Exception? failure)
        {
            Events.Add(failure is null ? $"finish {target} {status}" : $"finish {target} {status}: {failure.Message}");
            Failure ??= failure;
            Output.WriteLine($"[finish {target}]");
            if (ThrowOnFinish) throw new InvalidOperationException("hook broke");
        }
    }
}
