using Slipway.Diagnostics;
using Slipway.Diagnostics.GitHub;

namespace Slipway.Tests.Diagnostics;

/// <summary>GitHub Actions: groups per target, error annotations, the job summary.</summary>
public sealed class GitHubActionsOutputTests
{
    [Fact]
    public void Workflow_commands_escape_newlines_percent_and_property_separators()
    {
        Assert.Equal("::group::Deploy", WorkflowCommands.Group("Deploy"));
        Assert.Equal("::error title=Push failed,file=a%3Ab%2Cc.json,line=3::50%25 done%0Anext line",
            WorkflowCommands.Error("50% done\nnext line", "a:b,c.json", 3, "Push failed"));
        Assert.Equal("::error::plain", WorkflowCommands.Error("plain"));
    }

    [Fact]
    public void An_input_error_carries_no_source_line_but_a_located_one_and_a_bug_do()
    {
        Assert.Equal((null, null), WorkflowCommands.Locate(new SlipwayException("--env: bad"), "/repo"));
        var catalog = Slipway.Catalog.CatalogException.NotFound("/repo/services.json");
        Assert.Equal(("services.json", (int?)null), WorkflowCommands.Locate(catalog, "/repo"));
        Exception bug;
        try { throw new InvalidOperationException("bug"); }
        catch (InvalidOperationException e) { bug = e; }
        var (file, line) = WorkflowCommands.Locate(bug, RepoRoot.Path);
        Assert.Equal("tests/Slipway.Tests/Diagnostics/GitHubActionsOutputTests.cs", file);
        Assert.True(line > 0);
    }

    [Fact]
    public void The_job_summary_names_the_image_digest_and_environments_touched()
    {
        var markdown = JobSummary.Render(true, [("Push", "Succeeded"), ("Deploy", "Succeeded")],
            [new SummaryRow("greeting-web", "127.0.0.1:5055/ncerepo/greeting-web:main-20260101-120000", "sha256:abc", ["local"])], dryRun: false);
        Assert.Equal("""
            ### Slipway succeeded

            Targets: Push (succeeded) → Deploy (succeeded)

            Environments touched: `local`

            | service | image | digest | deployed to |
            | --- | --- | --- | --- |
            | greeting-web | `127.0.0.1:5055/ncerepo/greeting-web:main-20260101-120000` | `sha256:abc` | `local` |

            """.Replace("\r\n", "\n"), markdown);
    }

    [Fact]
    public void The_job_summary_shows_how_long_verification_took_when_a_service_was_verified()
    {
        var markdown = JobSummary.Render(true, [("Deploy", "Succeeded")],
        [
            new SummaryRow("greeting-web", null, "sha256:abc", ["local"], TimeSpan.FromSeconds(30.04)),
            new SummaryRow("other", null, "sha256:def", ["local"]),
        ], dryRun: false);
        Assert.Contains("| service | image | digest | deployed to | verified in |\n| --- | --- | --- | --- | --- |\n", markdown);
        Assert.Contains("| `local` | 30.0 s |\n", markdown);
        Assert.Contains("| `local` | — |\n", markdown);
    }

    [Fact]
    public async Task On_github_actions_each_target_is_a_group_a_failure_is_an_annotation_and_the_summary_is_appended()
    {
        using var temp = new TempDir();
        var summary = temp.Combine("summary.md");
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };
        var ok = await BuildCli.RunAsync(env, "Deploy", "--env", "local", "--dry-run", "--state-directory", temp.Combine("state"));
        var lines = ok.StandardOutputText.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.True(ok.ExitCode == 0, ok.Output());
        foreach (var target in new[] { "Setup", "Checkout", "Push", "Deploy" })
        {
            var open = lines.IndexOf("::group::" + target);
            Assert.True(open >= 0, $"no group for {target}:\n{ok.Output()}");
            Assert.Equal("> " + target, lines.Skip(open + 1).First(l => l.Length > 0));
            Assert.True(lines.IndexOf("::endgroup::", open) > open);
        }
        Assert.Equal(lines.Count(l => l.StartsWith("::group::")), lines.Count(l => l == "::endgroup::"));
        var markdown = await File.ReadAllTextAsync(summary);
        Assert.Contains("### Slipway succeeded (dry run: nothing was changed)", markdown);
        Assert.Matches(@"\| greeting-web \| `127\.0\.0\.1:5055/ncerepo/greeting-web:main-\d{8}-\d{6}` \|", markdown);
        Assert.Contains("Environments touched: none", markdown);

        var failed = await BuildCli.RunAsync(env, "Deploy", "--env", "local", "--dry-run", "--commit", "zz", "--state-directory", temp.Combine("state"));
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("::endgroup::\n::error title=Checkout failed::--commit: 'zz' is not a commit id", failed.StandardOutputText.Replace("\r", ""));
        Assert.Contains("### Slipway failed", await File.ReadAllTextAsync(summary));
    }

    [Fact]
    public async Task Outside_github_actions_there_are_no_workflow_commands()
    {
        using var temp = new TempDir();
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_STEP_SUMMARY"] = temp.Combine("summary.md") };
        var result = await BuildCli.RunAsync(env, "Deploy", "--env", "local", "--dry-run", "--state-directory", temp.Combine("state"));
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("::group::", result.Output());
        Assert.False(File.Exists(temp.Combine("summary.md")));
    }
}
