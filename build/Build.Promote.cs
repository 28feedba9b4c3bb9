using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Releases;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Promote: the environment whose running image is promoted (e.g. local, develop)")]
    public string? From;

    [Parameter("Promote: target environment(s) in order, comma list (e.g. test,pubtest), or a catalog wavePlans name (e.g. online); each receives from the previous one, only after it verified. Rollback: the tag or digest to go back to", Separator = ",")]
    public string[] To = [];

    [Parameter("Promote, and Deploy into an environment with promoteFrom: override the catalog's promotion order (take an image the predecessor never ran); recorded in the release ledger")]
    public bool Force;

    [Parameter("Promote --dry-run: save the plan (digest, every gate's verdict, ledger heads, catalog hash) to this JSON file")]
    public string? PlanOut;

    [Parameter("Promote: apply exactly the plan in this file (from --plan-out); refused when anything it depended on changed")]
    public string? UsePlan;

    Target Promote => _ => _
        .Description("Promote the image --from runs to --to (same digest; registry copy of missing blobs only), verify it, deploy it by digest; record each step")
        .DependsOn(Setup)
        .Executes(async () =>
        {
            var requests = UsePlan is not null ? [PlannedRequest()] : AskedRequests();
            using var template = ContextFor(requests[0].From);
            foreach (var target in requests[0].To)
            {
                using var targetContext = template.ForEnvironment(target);
                await ManagedRegistries.EnsureAsync(targetContext);
            }
            if (UsePlan is not null)
            {
                var changes = await PromotionPlan.Read(UsePlan).ChangesAsync(template, PromotionPlan.HashOf(CatalogPath));
                if (changes.Count > 0)
                    throw new SlipwayException($"The plan {UsePlan} no longer holds, nothing was promoted: {string.Join("; ", changes)}. " +
                                               "Fix: make a new plan (Promote ... --dry-run --plan-out FILE) and review it");
                Log.Info($"plan {UsePlan} still holds: promoting {requests[0].ExpectedDigest} of {requests[0].Service} " +
                         $"{requests[0].From} -> {string.Join(" -> ", requests[0].To)}");
            }
            foreach (var request in requests)
            {
                var hops = await Promoter.RunAsync(template, request);
                if (PlanOut is null) continue;
                var plan = await PromotionPlan.CaptureAsync(template, request, hops, PromotionPlan.HashOf(CatalogPath));
                plan.Write(Path.GetFullPath(PlanOut));
                Log.Info($"saved the plan to {Path.GetFullPath(PlanOut)}: {plan.Digest}, {plan.Hops.Sum(h => h.Gates.Count)} gate verdicts, " +
                         $"ledger heads of {string.Join(", ", plan.LedgerHeads.Keys)}; apply it with Promote --use-plan {PlanOut}");
            }
        });

    string CatalogPath => Path.GetFullPath(Catalog, RootDirectory);

    /// <summary>--to with each wave plan's name replaced by its environments.</summary>
    IReadOnlyList<string> PromoteTo => Slipway.Catalog.CatalogLookup.ExpandWavePlans(LoadedCatalog, To);

    List<PromotionRequest> AskedRequests()
    {
        if (From is null)
            throw SlipwayException.Input("--from", "is required for Promote", "name the environment whose image is promoted, e.g. --from local");
        if (Service.Length == 0)
            throw SlipwayException.Input("--service", "is required for Promote", "name the service(s) to promote, e.g. --service greeting-web");
        if (PlanOut is not null && (!DryRun || Service.Length != 1))
            throw SlipwayException.Input("--plan-out", "saves the plan of a dry run of one service", "promote one --service with --dry-run, review the plan, then apply it with --use-plan");
        return Service.Select(service => new PromotionRequest(service, From, PromoteTo, Force)).ToList();
    }

    PromotionRequest PlannedRequest()
    {
        if (DryRun || PlanOut is not null)
            throw SlipwayException.Input("--use-plan", "applies a saved plan; it does not combine with --dry-run or --plan-out", "drop them");
        var plan = PromotionPlan.Read(UsePlan!);
        if (From is not null && From != plan.From || To.Length > 0 && !PromoteTo.SequenceEqual(plan.To) || Service.Length > 0 && !Service.SequenceEqual([plan.Service]))
            throw SlipwayException.Input("--use-plan", $"the plan promotes {plan.Service} {plan.From} -> {string.Join(",", plan.To)}, not what --service/--from/--to say",
                "drop --service, --from and --to: the plan names them");
        return plan.Request;
    }
}
