using Slipway.Pipeline;

namespace Slipway.Status;

/// <summary>
/// Reads what runs live, per target, each target within the timeout so one dead host cannot stall the matrix:
/// docker hosts through the containers' io.slipway labels, static-pod nodes through their committed Pod manifests,
/// Kubernetes through the service's Deployment. One instance per Status run reads each target once.
/// </summary>
public sealed class LiveState(ChainContext ctx, TimeSpan timeout)
{
    private readonly DockerLiveReader _docker = new(timeout);
    private readonly StaticPodLiveReader _staticPods = new(timeout, ctx.Log);
    private readonly KubernetesLiveReader _kubernetes = new(timeout);

    /// <summary>Reads <paramref name="service"/> in <paramref name="environment"/> once, e.g. for Rollback.</summary>
    public static Task<LiveReading> ReadAsync(ChainContext ctx, string service, string environment, TimeSpan timeout,
        CancellationToken ct = default) =>
        new LiveState(ctx, timeout).ReadAsync(service, environment, ct);

    /// <summary>What every target of <paramref name="environment"/> says about <paramref name="service"/>.</summary>
    public async Task<LiveReading> ReadAsync(string service, string environment, CancellationToken ct = default)
    {
        var env = ctx.Catalog.Environments[environment];
        return env.Mode switch
        {
            "docker" => new LiveReading(await _docker.ReadAsync(env.Docker!, ContainerSpecFactory.ContainerName(service, environment), ct)),
            "static-pod" => new LiveReading(await _staticPods.ReadAsync(env.StaticPod!, ctx.ResolveAgainstCatalog(env.StaticPod!.Repository),
                ctx.Paths.ManifestsCache(environment), service, ct)),
            "kubernetes" => new LiveReading([await _kubernetes.ReadAsync(env.Kubernetes!, ctx.Catalog.BaseDirectory, service, ct)]),
            _ => LiveReading.NotRead,
        };
    }
}
