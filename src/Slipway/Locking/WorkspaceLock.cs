using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// A service's workspace (<c>work/&lt;service&gt;</c> of the state folder: checkout, build output, exploded WAR) belongs
/// to one run at a time: an <see cref="ExclusiveFileLock"/> on <c>work/&lt;service&gt;.lock</c>, taken at Checkout and
/// kept until the run ends. A second run of the same state folder waits, then checks out afresh and, as the first run
/// pushed the image of that commit, reuses it instead of building (and its deploy finds it already running).
/// </summary>
public static class WorkspaceLock
{
    /// <summary>The lock file of <paramref name="service"/>'s workspace.</summary>
    public static string PathOf(WorkspacePaths paths, string service) => paths.ServiceWork(service) + ".lock";

    public static async Task<ExclusiveFileLock> AcquireAsync(WorkspacePaths paths, string service, string what, IBuildLog log,
        TimeSpan timeout, CancellationToken ct = default)
    {
        var workspace = paths.ServiceWork(service);
        var held = await ExclusiveFileLock.AcquireAsync(PathOf(paths, service), what, timeout,
            holder => log.Info($"[{service}] waiting for the workspace {workspace}: in use by {ExclusiveFileLock.Describe(holder)}"),
            holder => new SlipwayException(
                $"[{service}] workspace {workspace} is in use by {ExclusiveFileLock.Describe(holder)} (waited {timeout.TotalMinutes:0.#} min). " +
                "Fix: wait for that run to finish (or end it), or use another state folder (--state-directory DIR)."),
            ct);
        if (held.Waited) log.Info($"[{service}] got the workspace {workspace}");
        return held;
    }
}
