using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Locking;

namespace Slipway.Deploy;

/// <summary>
/// One way of running services in an environment (docker hosts, static-pod manifests, Kubernetes Deployments): everything
/// Slipway does with an environment goes through it. A mode lives in one folder under Deploy/ and is registered once in
/// <see cref="DeployModes.Shipped"/>; a step every mode must take is written once against this interface. Every method acts
/// on <see cref="ChainContext.Target"/>, whose mode is this one.
/// </summary>
public interface IDeployMode : ICatalogMode
{
    /// <summary>
    /// Before anything is built or pushed: the environment's targets answer with the configured credentials, so a deploy
    /// that cannot happen fails in seconds and leaves nothing behind. Not called in a dry run (it makes no engine or network call).
    /// </summary>
    Task PreflightAsync(ChainContext ctx, CancellationToken ct);

    /// <summary>
    /// The locks to hold on the targets themselves while <paramref name="input"/> is deployed (or rolled back) here, so runs
    /// from other state folders and machines deploying to the same targets wait for each other. Rollout takes them after
    /// the local and shared deploy locks, before the mode touches any target; a dry run only describes them. Default: none,
    /// for a mode whose targets order their writers themselves (a git repository's push, an API server's apply).
    /// </summary>
    IReadOnlyList<ITargetLock> TargetLocks(ChainContext ctx, DeployInput input) => [];

    /// <summary>Dry run: prints exactly what <see cref="DeployAsync"/> would do, with no side effect.</summary>
    Task DescribeAsync(ChainContext ctx, DeployInput input, CancellationToken ct);

    /// <summary>Runs <paramref name="input"/>'s image on every target, health-checked; a target that fails is restored and the rollout stops.</summary>
    Task DeployAsync(ChainContext ctx, DeployInput input, CancellationToken ct);

    /// <summary>A reader of what runs live on the targets, for one Status, Promote or Rollback (each target read once).</summary>
    ILiveReader OpenLiveReader(LiveReadSession session);

    /// <summary>
    /// Runs an earlier image again. The shipped modes deploy it through their own rollout, health check included, so a
    /// rollback is as safe as a deploy.
    /// </summary>
    Task RollBackAsync(ChainContext ctx, DeployInput earlier, CancellationToken ct) => DeployAsync(ctx, earlier, ct);
}

/// <summary>What the targets of one environment say about a service.</summary>
public interface ILiveReader
{
    Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct);
}
