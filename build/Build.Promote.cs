using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Releases;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Promote: the environment whose running image is promoted (e.g. local, develop)")]
    public string? From;

    [Parameter("Promote: target environment(s) in order, comma list (e.g. test,pubtest); each receives from the previous one. Rollback: the tag or digest to go back to", Separator = ",")]
    public string[] To = [];

    [Parameter("Promote, and Deploy into an environment with promoteFrom: override the catalog's promotion order (take an image the predecessor never ran); recorded in the release ledger")]
    public bool Force;

    Target Promote => _ => _
        .Description("Promote the image --from runs to --to (same digest; registry copy of missing blobs only), verify it, deploy it by digest; record each step")
        .DependsOn(Setup)
        .Requires(() => From)
        .Executes(async () =>
        {
            if (Service.Length == 0)
                throw SlipwayException.Input("--service", "is required for Promote", "name the service(s) to promote, e.g. --service greeting-web");
            using var template = ContextFor(From!);
            foreach (var target in To)
            {
                using var targetContext = template.ForEnvironment(target);
                await ManagedRegistries.EnsureAsync(targetContext);
            }
            foreach (var service in Service)
                await Promoter.RunAsync(template, new PromotionRequest(service, From!, To, Force));
        });
}
