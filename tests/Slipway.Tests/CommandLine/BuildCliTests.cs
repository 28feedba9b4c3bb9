
namespace Slipway.Tests.CommandLine;

/// <summary>The build host as users run it: help, dry run, and the errors for bad targets, environments, services, catalogs.</summary>
public sealed class BuildCliTests
{
    [Fact]
    public async Task Help_lists_the_six_chain_targets_and_the_parameters_with_descriptions()
    {
        var result = await BuildCli.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        var output = result.Output();
        foreach (var target in new[] { "Checkout", "MavenPackage", "ExplodeWar", "DockerBuild", "Push", "Deploy", "Test" })
            Assert.Matches($@"(?m)^\s+{target}\b.*\w+", output);
        foreach (var parameter in new[] { "--env", "--service", "--branch", "--commit", "--catalog", "--dry-run" })
            Assert.Matches($@"(?m)^\s+{parameter}\s+\w+", output);
    }

    [Fact]
    public async Task A_dry_run_for_a_production_region_shows_it_receives_from_its_predecessor_never_builds_and_touches_nothing()
    {
        using var temp = new TempDir();
        var state = temp.Combine("state");
        var env = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" };
        var result = await BuildCli.RunAsync(env, "Deploy", "--env", "online-region1", "--service", "nce-api",
            "--dry-run", "--state-directory", state);
        var output = result.Output();
        Assert.True(result.ExitCode == 0, output);
        Assert.Contains("git clone --mirror -- git@git.internal:nce/nce-api.git", output);
        Assert.Contains("'online-region1' receives images from 'pubtest' and never builds", output);
        Assert.Contains("./build.sh Promote --service nce-api --from pubtest --to online-region1", output);
        Assert.DoesNotContain("mvn -B", output);
        Assert.DoesNotContain("FROM slipway/tomcat10-jre17", output);
        Assert.DoesNotContain("would push", output);
        Assert.Contains("would server-side apply Deployment nce-api", output);
        Assert.False(Directory.Exists(state), "a dry run must not create its state folder");
    }

    [Theory]
    [InlineData("test", "static-pod")]
    [InlineData("develop", "docker")]
    public async Task A_dry_run_of_the_shipped_environments_prints_the_manifests_and_calls_and_touches_nothing(string environment, string mode)
    {
        using var temp = new TempDir();
        var state = temp.Combine("state");
        var env = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" };
        var result = await BuildCli.RunAsync(env, "Deploy", "--env", environment, "--service", "nce-api,nce-openapi",
            "--dry-run", "--state-directory", state);
        var output = result.Output();
        Assert.True(result.ExitCode == 0, output);
        if (mode == "static-pod")
        {
            Assert.Contains("node 'test-node-1': test-node-1/nce-api.yaml", output);
            Assert.Contains("kind: Pod", output);
            Assert.Contains("hostNetwork: true", output);
            Assert.Contains("image: hub.c.163.com/ncerepo/nce-api@sha256:", output);
            Assert.Contains("push --porcelain origin HEAD:refs/heads/main", output);
            Assert.Contains("then GET http://test-node-2.internal:8082/health", output);
        }
        else
        {
            Assert.Contains("host 'dev-docker-1' (tcp://dev-docker-1.internal:2376, TLS client certificate)", output);
            Assert.Contains("label:   slipway.io/commit=<commit>", output);
            Assert.Contains("fail naming 'dev-docker-2'", output);
        }
        // nce-api is described completely before nce-openapi starts: a dry run runs services one by one.
        var deploy = output[output.IndexOf("> Deploy", StringComparison.Ordinal)..];
        Assert.True(deploy.LastIndexOf("[nce-api] ", StringComparison.Ordinal) < deploy.IndexOf("[nce-openapi] ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(state), "a dry run must not create its state folder");
    }

    [Theory]
    [InlineData(new[] { "Deplyo" }, "Unknown target 'Deplyo'", "Checkout, MavenPackage, ExplodeWar, DockerBuild, Push, Deploy")]
    [InlineData(new[] { "Deploy", "--env", "nowhere", "--dry-run" }, "Unknown environment 'nowhere'", "online-region1")]
    [InlineData(new[] { "Deploy", "--env", "local", "--service", "nope", "--dry-run" }, "nope", "greeting-web")]
    [InlineData(new[] { "Deploy", "--env", "local", "--no-such-flag", "--dry-run" }, "no-such-flag", "--env")]
    [InlineData(new[] { "Deploy", "--dry-run" }, "--env", "Deploy")]
    public async Task Bad_input_fails_naming_the_problem_and_the_valid_choices(string[] args, string problem, string choices)
    {
        var result = await BuildCli.RunAsync(args);
        var output = result.Output();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(problem, output);
        Assert.Contains(choices, output);
    }

    [Fact]
    public async Task A_malformed_catalog_fails_naming_the_json_path()
    {
        using var temp = new TempDir();
        var catalog = temp.Combine("services.json");
        await File.WriteAllTextAsync(catalog, File.ReadAllText(RepoRoot.Combine("services.json"))
            .Replace("\"healthPath\": \"/health\",", "\"healthPath\": \"/health\", \"prot\": 1,"));
        var result = await BuildCli.RunAsync("Deploy", "--env", "local", "--catalog", catalog, "--dry-run");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("prot", result.Output());
        Assert.Contains("$.", result.Output());
    }
}
