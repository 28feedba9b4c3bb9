using Slipway.Catalog;

namespace Slipway.Locking;

/// <summary>The docker mode's target locks: one <see cref="DockerHostLock"/> per engine of the environment.</summary>
public static class DockerHostLocks
{
    /// <summary>Per engine, besides the service's stop and health timeouts: pulling (or receiving over SSH) and creating the container.</summary>
    private static readonly TimeSpan PerEngine = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The locks of <paramref name="service"/> in <paramref name="environment"/> on <paramref name="hosts"/>; host entries
    /// that share an engine (same endpoint, other port offsets) share its lock.
    /// </summary>
    public static IReadOnlyList<ITargetLock> For(string service, string environment, IReadOnlyList<DockerHostSpec> hosts, ResolvedService settings)
    {
        var engines = hosts.DistinctBy(h => h.Endpoint).ToList();
        var lease = LeaseFor(settings, engines.Count);
        return engines.Select(h => (ITargetLock)new DockerHostLock(h, service, environment, lease)).ToList();
    }

    /// <summary>
    /// How long a lock container's lease lasts. It is not renewed, so it covers the slowest rollout that still succeeds:
    /// every engine in turn pulls, stops the old container and waits out the health timeout, plus a margin. A holder that
    /// crashed blocks the next deploy at most this long (or until someone removes its container).
    /// </summary>
    public static TimeSpan LeaseFor(ResolvedService settings, int engines) =>
        engines * (PerEngine + TimeSpan.FromSeconds(settings.StopTimeoutSeconds + settings.HealthTimeoutSeconds)) + Margin;
}
