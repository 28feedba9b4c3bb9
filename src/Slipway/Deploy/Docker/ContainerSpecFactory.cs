using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Docker;

/// <summary>Turns a service's effective settings in an environment into the container spec for one host.</summary>
public static class ContainerSpecFactory
{
    /// <summary>The container's name on every host: one container per service and environment.</summary>
    public static string ContainerName(string service, string environment) => $"{service}.{environment}";

    /// <summary>The spec for <paramref name="host"/>: NCE_* environment, slipway labels (service, env, tag, digest, commit), health URL.</summary>
    public static ContainerSpec Create(ChainContext ctx, DeployInput input, DockerHostSpec host, DockerModeSpec mode)
    {
        var s = input.Settings;
        var port = s.Port + host.PortOffset;
        var environment = new Dictionary<string, string> { ["NCE_PORT"] = port.ToString() };
        // A service reached on loopback binds only loopback: nothing on a shared machine listens wider than it must.
        if (Catalog.LoopbackHost.Is(host.Address)) environment["NCE_ADDRESS"] = "127.0.0.1";
        if (!string.IsNullOrEmpty(s.Conf)) environment["NCE_CONF"] = s.Conf!;
        if (!string.IsNullOrEmpty(s.Xms)) environment["NCE_XMS"] = s.Xms!;
        if (!string.IsNullOrEmpty(s.Xmx)) environment["NCE_XMX"] = s.Xmx!;
        if (!string.IsNullOrEmpty(s.JavaOpts)) environment["NCE_JAVA_OPTS"] = s.JavaOpts!;
        return new ContainerSpec
        {
            Name = ContainerName(input.Service, ctx.Environment),
            Image = input.ImageText,
            Digest = input.Digest,
            Environment = environment,
            Labels = new Dictionary<string, string>
            {
                [ContainerSpec.ServiceLabel] = input.Service,
                [ContainerSpec.EnvLabel] = ctx.Environment,
                [ContainerSpec.TagLabel] = input.Tag ?? "",
                [ContainerSpec.DigestLabel] = input.DigestText,
                [ContainerSpec.CommitLabel] = input.Commit ?? (ctx.DryRun ? "<commit>" : ""),
            },
            RestartPolicy = mode.RestartPolicy,
            StopTimeoutSeconds = s.StopTimeoutSeconds,
            HealthUrl = new Uri($"http://{host.Address}:{port}{s.HealthPath}"),
            HealthTimeout = TimeSpan.FromSeconds(s.HealthTimeoutSeconds),
        };
    }
}
