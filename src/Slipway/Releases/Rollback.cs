using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>
/// Rollback: redeploy the previous digest the ledger shows for a service in an environment (or the one named by
/// tag or digest), through the environment's deploy mode, recorded in the ledger as a rollback.
/// </summary>
public static class Rollback
{
    /// <summary>What a rollback of <paramref name="service"/> would deploy, or throws naming what the ledger has.</summary>
    public static async Task<DeployInput> PlanAsync(ChainContext ctx, string service, string? to, CancellationToken ct = default)
    {
        var ledger = ReleaseLedgers.For(ctx, ctx.Environment);
        var deploys = (await ledger.HistoryAsync(service, ctx.Environment, ct))
            .Where(e => e.IsSuccessfulDeploy)
            .Reverse().ToList();
        if (deploys.Count == 0)
            throw SlipwayException.Input($"Rollback of '{service}' in '{ctx.Environment}'",
                $"the release ledger ({ledger.Location}) records no successful deploy", "deploy it first, or check --env and --service");

        // A deploy without a digest was delivered over SSH and never reached a registry: it can be what runs, never a target.
        var live = await LiveState.ReadAsync(ctx, service, ctx.Environment, TimeSpan.FromSeconds(10), ct);
        var current = live.Digest?.Value ?? deploys[0].Digest;
        var runsNow = current is null ? "an image delivered over SSH" : Digests.Short(current);
        var target = to is null
            ? deploys.FirstOrDefault(e => e.Digest is not null && e.Digest != current)
            : deploys.FirstOrDefault(e => e.Tag == to || e.Digest == to || (to.Length >= 12 && e.Digest is not null && e.Digest.Replace("sha256:", "").StartsWith(to.Replace("sha256:", ""), StringComparison.Ordinal)));
        if (target is { Digest: null })
            throw NeverPushedImage.Of(target).Error($"Cannot roll {service} in '{ctx.Environment}' back to {to}");
        var registryDeploys = deploys.Where(e => e.Digest is not null).ToList();
        if (target is null)
            throw SlipwayException.Input(to is null ? $"Rollback of '{service}' in '{ctx.Environment}'" : $"--to {to}",
                to is null ? $"the ledger shows no other registry digest deployed there (it runs {runsNow})"
                    : "is not a tag or digest the ledger shows deployed there",
                "pick one of: " + string.Join(", ", registryDeploys.Select(e => $"{e.Tag} ({Digests.Short(e.Digest)})").Distinct().Take(10)));
        ctx.Log.Info($"[{service}] rolling '{ctx.Environment}' back from {runsNow} to {target.Tag} ({target.Digest}), " +
                     $"deployed {target.Time.ToUniversalTime():yyyy-MM-dd HH:mm} UTC by {target.Actor}");
        return new DeployInput
        {
            Settings = Catalog.CatalogResolver.Resolve(ctx.Catalog, service, ctx.Environment),
            Digest = Digest.Parse(target.Digest, $"the release ledger {ledger.Location}"), Tag = target.Tag, Commit = target.Commit,
        };
    }

    public static async Task RunAsync(ChainContext ctx, string service, string? to, CancellationToken ct = default)
    {
        var plan = await PlanAsync(ctx, service, to, ct);
        var check = new Gates.GateCheck(service, plan.DigestText, Gates.GatedAction.Rollback);
        await Rollout.RunAsync(ctx, plan, LedgerActions.Rollback, ct, gates: () => Gates.ReleaseGates.EnforceAsync(ctx, check, ct));
    }
}
