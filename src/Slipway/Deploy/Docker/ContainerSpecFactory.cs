using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Docker;

/// <summary>Turns a service's effective settings in an environment into the container spec for one host.</summary>
public static class ContainerSpecFactory
{
    /// <summary>The container's name on every host: one container per service and environment.</summary>
    public static string ContainerName(string service, string environment) => $"{service}.{environment}";

    /// <summary>
    /// The spec for <paramref name="host"/> in the input's environment: NCE_* environment, slipway labels (service, env, tag,
    /// digest, commit), health URL.
    /// </summary>
    public static ContainerSpec Create(ChainContext ctx, DeployInput input, DockerHostSpec host, DockerModeSpec mode)
    {
        var s = input.Settings;
        var port = s.Port + host.PortOffset;
        var environment = ServiceEnvironmentVariables.For(s, host.PortOffset, Catalog.LoopbackHost.Is(host.Address)).ToDictionary();
        return new ContainerSpec
        {
            Name = ContainerName(input.Service, s.Environment),
            Image = input.ImageText,
            Digest = input.Digest,
            Environment = environment,
            Labels = new Dictionary<string, string>
            {
                [SlipwayLabels.Service] = input.Service,
                [SlipwayLabels.Environment] = s.Environment,
                [SlipwayLabels.Tag] = input.Tag ?? "",
                [SlipwayLabels.Digest] = input.DigestText,
                [SlipwayLabels.Commit] = input.Commit ?? (ctx.DryRun ? "<commit>" : ""),
            },
            RestartPolicy = mode.RestartPolicy,
            StopTimeoutSeconds = s.StopTimeoutSeconds,
            HealthUrl = new Uri($"http://{host.Address}:{port}{s.HealthPath}"),
            HealthTimeout = TimeSpan.FromSeconds(s.HealthTimeoutSeconds),
        };
    }
}
