using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Releases;
using Slipway.Status;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Status: also write the matrix as one self-contained HTML page to this path")]
    public string? Html;

    [Parameter("Status and Prune: seconds to wait for each live target before it is shown as unreachable")]
    public int StatusTimeout = 5;

    Target Status => _ => _
        .Description("Show services x environments: tag, digest, when and by whom deployed, drift (ledger, configuration), strays (--env for one, --html PATH for a page)")
        .Executes(async () =>
        {
            var environments = Env is null ? LoadedCatalog.Environments.Keys.ToList() : [Env];
            using var ctx = ContextFor(Env ?? environments[0]);
            var matrix = await StatusCollector.CollectAsync(ctx, environments, TimeSpan.FromSeconds(StatusTimeout));
            Output.Write(StatusTextRenderer.Render(matrix));
            if (Html is null) return;
            var path = Path.GetFullPath(Html);
            if (DryRun) { Log.Info($"would write the status page to {path}"); return; }
            await File.WriteAllTextAsync(path, StatusHtmlRenderer.Render(matrix));
            Log.Info($"wrote {path}");
        });

    Target Inspect => _ => _
        .Description("Show what --service runs in --env and what vouches for it: digest, signatures and their keys, SBOM summary, provenance")
        .Requires(() => Env)
        .Executes(async () =>
        {
            if (Service.Length != 1)
                throw SlipwayException.Input("--service", "Inspect needs exactly one service", "name it, e.g. --service greeting-web");
            Output.Write(await ImageInspection.ReportAsync(Context, Service[0]));
        });

    Target Rollback => _ => _
        .Description("Redeploy the previous digest the ledger shows for --service in --env (or --to TAG|DIGEST); recorded as a rollback")
        .DependsOn(Setup)
        .Requires(() => Env)
        .Executes(async () =>
        {
            if (Runs.Count != 1 || Service.Length != 1)
                throw SlipwayException.Input("--service", "Rollback needs exactly one service", "name it, e.g. --service greeting-web");
            await Releases.Rollback.RunAsync(Context, Runs[0].Service, To.FirstOrDefault());
        });

    Target Prune => _ => _
        .Description("Remove what --env's targets run for services the catalog no longer enables there (containers, manifests, Deployments); recorded as prune")
        .Requires(() => Env)
        .Executes(async () => await Releases.Prune.RunAsync(Context, TimeSpan.FromSeconds(StatusTimeout)));
}
