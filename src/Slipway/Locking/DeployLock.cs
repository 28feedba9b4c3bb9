using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// Serializes deploys of one service to one environment from one state folder: a second deploy waits for the first,
/// says what it waits for, and gives up with a clear error after the timeout. An <see cref="ExclusiveFileLock"/> on
/// <c>locks/&lt;env&gt;/&lt;service&gt;.lock</c>, so a crashed deploy never leaves a stale lock. It serializes the runs
/// of one build machine (or of machines sharing the state folder); other state folders and machines are serialized
/// by the locks <see cref="DeployLocks"/> takes after it (the shared lease, the locks on the targets).
/// </summary>
public static class DeployLock
{
    /// <summary>The lock file of <paramref name="service"/> in <paramref name="environment"/> under <paramref name="lockDirectory"/>.</summary>
    public static string PathOf(string lockDirectory, string service, string environment) =>
        Path.Combine(lockDirectory, environment, service + ".lock");

    public static async Task<ExclusiveFileLock> AcquireAsync(string lockDirectory, string service, string environment, string what,
        IBuildLog log, TimeSpan timeout, CancellationToken ct = default)
    {
        var path = PathOf(lockDirectory, service, environment);
        var held = await ExclusiveFileLock.AcquireAsync(path, what, timeout,
            holder => log.Info($"[{service}] waiting for the deploy lock of '{environment}': {ExclusiveFileLock.Describe(holder)} ({path})"),
            holder => new SlipwayException($"Deploy of '{service}' to '{environment}' waited {timeout.TotalMinutes:0.#} min for the deploy lock " +
                                           $"held by {ExclusiveFileLock.Describe(holder)}. Fix: wait for that run to finish (or end it), then run again."),
            ct);
        if (held.Waited) log.Info($"[{service}] got the deploy lock of '{environment}'");
        return held;
    }
}
