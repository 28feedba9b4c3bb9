using Slipway.Engine;
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
            var services = await ChangedServicesSinceRevision.ComputeAsync(LoadedCatalog, Env!, Base!, RootDirectory);
            await ServiceListOutput.WriteAsync(Output, services);
        });
}
