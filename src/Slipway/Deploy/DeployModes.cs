using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy.Docker;
using Slipway.Deploy.Kubernetes;
using Slipway.Deploy.StaticPod;

namespace Slipway.Deploy;

/// <summary>The registration of the deploy modes: the one place that lists them.</summary>
public static class DeployModes
{
    /// <summary>The modes Slipway ships, in the order services.schema.json lists them.</summary>
    public static readonly IReadOnlyList<IDeployMode> Shipped = [new DockerMode(), new StaticPodMode(), new KubernetesMode()];

    /// <summary>The deploy mode of the context's environment.</summary>
    public static IDeployMode Of(ChainContext ctx) => Of(ctx.Target);

    /// <summary>The deploy mode of <paramref name="environment"/>.</summary>
    public static IDeployMode Of(TargetEnvironment environment) =>
        environment.Mode as IDeployMode
        ?? throw new InvalidOperationException($"Deploy mode '{environment.Mode.Name}' of environment '{environment.Name}' only describes its catalog section");
}
