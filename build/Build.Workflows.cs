using Slipway.Catalog;
using Slipway.Engine;
using Slipway.Processes;
using Slipway.Workflows;

namespace Slipway.Build;

partial class Build
{
    [Parameter("GenerateWorkflows: only check that the committed workflows are up to date")]
    public bool Check;

    [Parameter("ChangedServices: the git revision to compare HEAD with")]
    public string? Base;

    string WorkflowsDirectory => Path.Combine(RootDirectory, ".github", "workflows");

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows from the build definition (--check: fail if the committed files differ)")
        .Executes(() => { WorkflowFiles.Write(WorkflowsDirectory, GitHubWorkflows.All(LoadedCatalog), Check || DryRun, Log); });

    Target ChangedServices => _ => _
        .Description("Print, as a JSON list, the services enabled in --env that the change since --base touches")
        .Requires(() => Env)
        .Requires(() => Base)
        .Executes(async () =>
        {
            if (Base!.Trim('0').Length == 0)
            {
                // A branch's first push has no "before" commit: every service enabled in the environment is touched.
                await WriteServicesAsync(LoadedCatalog.ServicesEnabledIn(Env!));
                return;
            }
            var diff = await ProcessRunner.RunAsync("git", ["diff", "--name-only", Base!, "HEAD", "--"], RootDirectory);
            diff.EnsureSuccess(fix: "pass a revision that exists in this clone (fetch-depth: 0 in the workflow)");
            var before = await ProcessRunner.RunAsync("git", ["show", $"{Base}:{CatalogLoader.DefaultFileName}"], RootDirectory);
            var services = Workflows.ChangedServices.Compute(LoadedCatalog, Env!, diff.StandardOutput,
                before.Succeeded ? before.StandardOutputText : null);
            await WriteServicesAsync(services);
        });

    async Task WriteServicesAsync(IReadOnlyList<string> services)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(services);
        Output.WriteLine(json);
        if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
            await File.AppendAllTextAsync(githubOutput, $"services={json}\n");
    }
}
