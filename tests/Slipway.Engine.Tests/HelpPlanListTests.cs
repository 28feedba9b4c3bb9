using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class HelpPlanListTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static string LineStartingWith(string output, string start) =>
        output.Split('\n').Single(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Help_lists_targets_with_descriptions_defaults_and_dependencies_and_runs_nothing()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["--help"], x => x.Restore);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Executed);
        Assert.Contains("Deletes artifacts", LineStartingWith(result.Output, "Clean"));
        Assert.Contains("Restore (default)", result.Output);
        Assert.Contains("(depends on: Restore, Lint, Stamp)", LineStartingWith(result.Output, "Compile"));
    }

    [Fact]
    public void Help_hides_unlisted_targets()
    {
        var result = _fixture.Run(new PipelineBuild(), ["--help"]);

        Assert.DoesNotContain("  Lint", result.Output);
    }

    [Fact]
    public void Help_shows_parameters_with_descriptions_and_current_resolved_values()
    {
        _fixture.WriteParameters("parameters.json", """{ "Registry": "r.example" }""");
        _fixture.Variables["SLIPWAY_ENV"] = "staging";

        var result = _fixture.Run(new DeployBuild(), ["--help", "--retries", "9"]);

        Assert.Contains("Target environment = staging (from environment)", LineStartingWith(result.Output, "--env"));
        Assert.Contains("Container registry = r.example (from parameters.json)", LineStartingWith(result.Output, "--registry "));
        Assert.Contains("Attempts per step = 9 (from command line)", LineStartingWith(result.Output, "--retries"));
        Assert.Contains("Run smoke tests = true", LineStartingWith(result.Output, "--smoke"));
        Assert.Contains("= <not set>", LineStartingWith(result.Output, "--service"));
        Assert.Contains("Print what every target would do", LineStartingWith(result.Output, "--dry-run"));
    }

    [Fact]
    public void Plan_prints_the_ordered_plan_with_dependencies_and_runs_nothing()
    {
        var build = new PipelineBuild();

        var result = _fixture.Run(build, ["Test", "--plan"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Executed);
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal(
        [
            "Execution plan:",
            "   1. Lint",
            "   2. Restore",
            "   3. Stamp",
            "   4. Compile  <- Restore, Lint, Stamp",
            "   5. Test     <- Compile",
        ], lines);
    }

    [Fact]
    public void Plan_marks_skipped_targets()
    {
        var result = _fixture.Run(new PipelineBuild(), ["Test", "--plan", "--skip", "Stamp"]);

        Assert.Matches(@"3\. Stamp +\(skipped: --skip\)", result.Output);
    }

    [Fact]
    public void Plan_does_not_run_build_hooks()
    {
        var build = new HookBuild();

        _fixture.Run(build, ["Only", "--plan"]);

        Assert.False(build.Initialized);
    }

    [Fact]
    public void List_prints_listed_target_names_only()
    {
        var result = _fixture.Run(new PipelineBuild(), ["--list"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["Clean", "Restore", "Compile", "Test", "Pack", "Publish", "Notify", "Archive", "Audit", "Stamp"],
            result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
    }

    private sealed class HookBuild : BuildHost
    {
        public bool Initialized;
        Target Only => _ => _.Executes(() => { });
        protected override void OnBuildInitialized() => Initialized = true;
    }
}
