using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Slipway.Tests.Workflows;

/// <summary>The committed workflows are what the build generates, are valid YAML, and name only real targets and parameters.</summary>
public sealed class GeneratedWorkflowTests
{
    private static string WorkflowsDirectory => RepoRoot.Combine(".github", "workflows");

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(WorkflowsDirectory, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    [Fact]
    public async Task The_committed_workflows_equal_what_the_build_generates()
    {
        var result = await BuildCli.RunAsync("GenerateWorkflows", "--check");
        Assert.True(result.ExitCode == 0, result.Output());
    }

    [Fact]
    public async Task Every_target_and_parameter_the_workflows_name_exists()
    {
        var list = await BuildCli.RunAsync("--list");
        var targets = list.StandardOutput.Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoRoot.Combine(".nuke", "build.schema.json")));
        var parameters = schema.RootElement.GetProperty("properties").EnumerateObject()
            .Select(p => Regex.Replace(p.Name, "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant()).ToHashSet();

        var commands = Directory.EnumerateFiles(WorkflowsDirectory, "*.yml")
            .SelectMany(f => Regex.Matches(WithoutComments(File.ReadAllText(f)), @"\./build\.sh ([^\n]+)").Select(m => (File: Path.GetFileName(f), Args: m.Groups[1].Value)))
            .ToList();
        Assert.NotEmpty(commands);
        foreach (var (file, args) in commands)
        {
            var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(targets.Contains(words[0]), $"{file}: target '{words[0]}' does not exist (targets: {string.Join(", ", targets)})");
            foreach (var flag in words.Where(w => w.StartsWith("--")))
                Assert.True(parameters.Contains(flag[2..]), $"{file}: parameter '{flag}' does not exist");
        }
    }

    [Fact]
    public void Inputs_reach_commands_only_through_env_as_real_parameters()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoRoot.Combine(".nuke", "build.schema.json")));
        var parameterVariables = schema.RootElement.GetProperty("properties").EnumerateObject()
            .Select(p => "SLIPWAY_" + Regex.Replace(p.Name, "(?<=[a-z0-9])([A-Z])", "_$1").ToUpperInvariant()).ToHashSet();
        var steps = Directory.EnumerateFiles(WorkflowsDirectory, "*.yml")
            .SelectMany(f => ((YamlMappingNode)At(Load(Path.GetFileName(f)), "jobs")).Children.Values
                .SelectMany(job => (YamlSequenceNode)At(job, "steps")).Cast<YamlMappingNode>()
                .Select(step => (File: Path.GetFileName(f), Step: step)))
            .ToList();
        Assert.Contains(steps, s => s.File == "approve.yml");
        foreach (var (file, step) in steps)
        {
            if (step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
                Assert.False(run.ToString().Contains("${{"), $"{file}: an expression is spliced into run: {run}");
            if (!step.Children.TryGetValue(new YamlScalarNode("env"), out var env)) continue;
            foreach (var (name, value) in ((YamlMappingNode)env).Children.Select(c => (c.Key.ToString(), c.Value.ToString())))
                if (value.Contains("inputs.") || value.Contains("matrix.") || value.Contains("github.event"))
                    Assert.True(parameterVariables.Contains(name), $"{file}: {name} is not a build parameter's variable");
        }
    }

    [Fact]
    public void Approvals_and_freezes_through_github_record_the_dispatching_user()
    {
        foreach (var (file, job) in new[] { ("approve.yml", "approve"), ("freeze.yml", "freeze"), ("freeze.yml", "unfreeze") })
        {
            var step = ((YamlSequenceNode)At(Load(file), "jobs", job, "steps")).Cast<YamlMappingNode>().Last();
            Assert.Equal("${{ github.actor }}", At(step, "env", "SLIPWAY_ACTOR").ToString());
        }
    }

    private static string WithoutComments(string yaml) =>
        string.Join('\n', yaml.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));

    [Fact]
    public void The_build_workflow_runs_on_develop_and_release_pushes_with_a_matrix_per_service_then_deploys_to_develop()
    {
        var workflow = Load("build.yml");
        var branches = ((YamlSequenceNode)At(workflow, "on", "push", "branches")).Select(n => n.ToString());
        Assert.Equal(["develop", "release/**"], branches);
        Assert.Contains("fromJSON(needs.plan.outputs.services)", At(workflow, "jobs", "build", "strategy", "matrix", "service").ToString());
        Assert.Equal("develop", At(workflow, "jobs", "deploy", "environment").ToString());
        Assert.Contains("matrix.service", At(workflow, "jobs", "deploy", "concurrency", "group").ToString());
    }

    [Fact]
    public void The_promote_workflow_is_dispatched_with_service_from_to_needs_an_environment_and_never_interleaves()
    {
        var workflow = Load("promote.yml");
        var inputs = (YamlMappingNode)At(workflow, "on", "workflow_dispatch", "inputs");
        Assert.Equal(["service", "from", "to"], inputs.Children.Keys.Select(k => k.ToString()));
        var targets = ((YamlSequenceNode)At(inputs, "to", "options")).Select(n => n.ToString()).ToList();
        Assert.Contains("online-region1", targets);
        Assert.DoesNotContain("develop", targets);
        Assert.Equal("${{ inputs.to }}", At(workflow, "jobs", "promote", "environment").ToString());
        Assert.Equal("promote-${{ inputs.service }}-${{ inputs.to }}", At(workflow, "jobs", "promote", "concurrency", "group").ToString());
        Assert.Equal("false", At(workflow, "jobs", "promote", "concurrency", "cancel-in-progress").ToString());
    }

    [Fact]
    public void Every_workflow_caches_nuget_and_the_sdk_folder()
    {
        foreach (var file in Directory.EnumerateFiles(WorkflowsDirectory, "*.yml"))
        {
            var text = File.ReadAllText(file);
            Assert.Contains("actions/cache@v4", text);
            Assert.Contains("~/.nuget/packages", text);
            Assert.Contains(".nuke/temp", text);
        }
    }
}
