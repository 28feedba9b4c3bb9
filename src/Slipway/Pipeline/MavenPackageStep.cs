using Slipway.Chain;
using Slipway.Maven;
using Slipway.Processes;

namespace Slipway.Pipeline;

/// <summary>MavenPackage: the build command for the service's build type, then the WAR it produced.</summary>
public static class MavenPackageStep
{
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        var spec = ctx.Catalog.Services[run.Service];
        var settings = spec.Build.Settings is null ? null : ctx.ResolveAgainstCatalog(spec.Build.Settings);
        var project = CheckoutStep.ProjectDirectory(ctx, run);
        if (run.Reused) { ctx.Log.Info($"[{run.Service}] skipped: {run.ReuseReason}"); return; }
        if (spec.Build.Repositories.Count > 0)
        {
            var generated = Path.Combine(ctx.Paths.ServiceWork(run.Service), "maven-settings.xml");
            ctx.Log.Info($"[{run.Service}] {(ctx.DryRun ? "would write" : "writing")} {generated}: " + (settings ?? "empty settings") +
                         $" plus repositories {string.Join(", ", spec.Build.Repositories.Select(r => $"{r.Id} ({r.Url})"))}, credentials as ${{env.VAR}} references");
            settings = ctx.DryRun ? generated : MavenSettingsFile.Write(run.Service, settings, spec.Build.Repositories, generated);
        }
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{run.Service}] would run in {project}:");
            ctx.Log.Info("    " + ProcessRunner.Describe(MavenCommand.Program, MavenCommand.Arguments(run.Service, spec.Build, settings)));
            ctx.Log.Info($"    expecting the WAR at {Path.Combine(project, spec.War)}");
            return;
        }
        run.WarFile = await MavenBuilder.PackageAsync(run.Service, project, spec.Build, spec.War, settings, ctx.Log, ct);
        ctx.Log.Info($"[{run.Service}] built {run.WarFile} ({new FileInfo(run.WarFile).Length} bytes)");
    }
}
