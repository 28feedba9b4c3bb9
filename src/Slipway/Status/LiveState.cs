using Slipway.Chain;
using Slipway.Pipeline;

namespace Slipway.Status;

/// <summary>
/// Reads what runs live, per target, each target within the timeout so one dead host cannot stall the matrix:
/// docker hosts through the containers' slipway.io labels, static-pod nodes through their committed Pod manifests,
/// Kubernetes through the service's Deployment. One instance per Status run reads each target once.
/// A dry run fetches manifests into a temporary folder, removed on dispose, so the state folder stays untouched.
/// </summary>
public sealed class LiveState(ChainContext ctx, TimeSpan timeout) : IDisposable
{
    private readonly string? _dryRunCache = ctx.DryRun ? Path.Combine(Path.GetTempPath(), "slipway-status-" + Guid.NewGuid().ToString("N")) : null;
    private readonly DockerLiveReader _docker = new(timeout);
    private readonly StaticPodLiveReader _staticPods = new(timeout, ctx.Log);
    private readonly KubernetesLiveReader _kubernetes = new(timeout);

    /// <summary>Reads <paramref name="service"/> in <paramref name="environment"/> once, e.g. for Rollback.</summary>
    public static async Task<LiveReading> ReadAsync(ChainContext ctx, string service, string environment, TimeSpan timeout,
        CancellationToken ct = default)
    {
        using var live = new LiveState(ctx, timeout);
        return await live.ReadAsync(service, environment, ct);
    }

    /// <summary>What every target of <paramref name="environment"/> says about <paramref name="service"/>.</summary>
    public async Task<LiveReading> ReadAsync(string service, string environment, CancellationToken ct = default)
    {
        var env = ctx.Catalog.Environments[environment];
        return env.Mode switch
        {
            "docker" => new LiveReading(await _docker.ReadAsync(env.Docker!, ContainerSpecFactory.ContainerName(service, environment), ct)),
            "static-pod" => new LiveReading(await _staticPods.ReadAsync(env.StaticPod!, ctx.ResolveAgainstCatalog(env.StaticPod!.Repository),
                ManifestsCache(environment), service, ct)),
            "kubernetes" => new LiveReading([await _kubernetes.ReadAsync(env.Kubernetes!, ctx.Catalog.BaseDirectory, service, ct)]),
            _ => LiveReading.NotRead,
        };
    }

    private string ManifestsCache(string environment) =>
        _dryRunCache is null ? ctx.Paths.ManifestsCache(environment) : Path.Combine(_dryRunCache, environment + ".git");

    /// <summary>Removes a dry run's temporary manifests cache.</summary>
    public void Dispose()
    {
        if (_dryRunCache is null || !Directory.Exists(_dryRunCache)) return;
        try { Directory.Delete(_dryRunCache, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { ctx.Log.Warn($"cannot remove {_dryRunCache}: {e.Message}"); }
    }
}
