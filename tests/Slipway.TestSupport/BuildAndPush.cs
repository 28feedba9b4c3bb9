using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Pipeline;

namespace Slipway.TestSupport;

/// <summary>The chain from Checkout through Push for one service, as the Push target runs it.</summary>
public static class BuildAndPush
{
    public static async Task<ServiceRun> RunAsync(ChainContext ctx, string service)
    {
        var run = new ServiceRun(service, ctx.Catalog.Resolve(service, ctx.Environment));
        await CheckoutStep.RunAsync(ctx, run);
        await MavenPackageStep.RunAsync(ctx, run);
        ExplodeWarStep.Run(ctx, run);
        await DockerBuildStep.RunAsync(ctx, run);
        await PushStep.RunAsync(ctx, run);
        return run;
    }
}
