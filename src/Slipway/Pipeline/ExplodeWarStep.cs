using Slipway.Chain;
using Slipway.War;

namespace Slipway.Pipeline;

/// <summary>ExplodeWar: unpack the WAR safely into the image context folder.</summary>
public static class ExplodeWarStep
{
    public static void Run(ChainContext ctx, ServiceRun run)
    {
        var target = ctx.Paths.Exploded(run.Service);
        if (run.Reused) { ctx.Log.Info($"[{run.Service}] skipped: {run.ReuseReason}"); return; }
        if (ctx.DryRun)
        {
            var war = Path.Combine(CheckoutStep.ProjectDirectory(ctx, run), ctx.Catalog.Services[run.Service].War);
            ctx.Log.Info($"[{run.Service}] would unpack {war} into {target} (rejecting ../, absolute paths, links, zip bombs)");
            return;
        }
        var exploded = WarExploder.Explode(run.WarFile!, target);
        run.ExplodedDirectory = exploded.Directory;
        ctx.Log.Info($"[{run.Service}] unpacked {exploded.Files} files, {exploded.Bytes} bytes into {exploded.Directory}");
    }
}
