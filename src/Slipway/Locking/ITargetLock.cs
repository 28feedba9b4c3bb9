using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// A deploy lock held on a target itself (e.g. a lock container on a docker host's engine), so that runs from any state
/// folder or machine deploying there exclude each other. A deploy mode names its target locks
/// (<c>IDeployMode.TargetLocks</c>); <see cref="DeployLocks"/> takes them in the order of <see cref="Key"/> before the
/// rollout touches any target, and releases them in reverse.
/// </summary>
public interface ITargetLock
{
    /// <summary>Where the lock lives, e.g. the engine endpoint: every run takes a deploy's target locks sorted by it, so two runs never wait for each other crosswise.</summary>
    string Key { get; }

    /// <summary>What it takes and where, for the dry run, e.g. "the lock container slipway-lock.svc.env on docker host 'h1' (unix:///var/run/docker.sock, ...)".</summary>
    string Describe();

    /// <summary>
    /// Takes the lock, waiting up to <see cref="TargetLockRequest.Timeout"/> for its holder; throws a <see cref="SlipwayException"/>
    /// naming the target, the holder and the fix. Disposing the result releases it and never throws (a failed release is a warning).
    /// </summary>
    Task<IAsyncDisposable> AcquireAsync(TargetLockRequest request, CancellationToken ct);
}

/// <summary>Who takes a target lock and for what, and how it waits for another holder.</summary>
/// <param name="What">What the run does, e.g. "deploy of main-20261125-081500".</param>
/// <param name="Identity">The holder, as the lock records it.</param>
/// <param name="Timeout">How long to wait for another holder.</param>
/// <param name="PollInitial">First wait between two looks at a held lock; it grows to <paramref name="PollMax"/>.</param>
public sealed record TargetLockRequest(string What, LeaseIdentity Identity, IBuildLog Log, TimeSpan Timeout, TimeSpan PollInitial, TimeSpan PollMax);
