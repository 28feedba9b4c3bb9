using Slipway.Chain;

namespace Slipway.Deploy;

/// <summary>
/// Before a Deploy builds or pushes anything, checks through the environment's deploy mode that its targets can be reached
/// with the configured credentials. A deploy that cannot happen then fails in seconds and leaves no image, tag or ledger
/// entry behind, instead of failing after the build and push.
/// </summary>
public static class DeployPreflight
{
    /// <summary>How long one engine or API server gets to answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Checks <paramref name="ctx"/>'s environment; a dry run checks nothing (it makes no engine or network call).</summary>
    /// <exception cref="Diagnostics.SlipwayException">A target does not answer or refuses the credentials.</exception>
    public static Task RunAsync(ChainContext ctx, CancellationToken ct = default) =>
        ctx.DryRun ? Task.CompletedTask : DeployModes.Of(ctx).PreflightAsync(ctx, ct);
}
