using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Docker;

/// <summary>
/// Containers on an environment's docker hosts that the catalog no longer wants: labelled with the environment and a
/// service not enabled there (Prune removes them), or labelled with an environment the catalog no longer has (removed by
/// hand, with the docker command given).
/// </summary>
internal static class DockerStrays
{
    /// <summary>The strays among <paramref name="containers"/> (every container of <paramref name="host"/>, stopped ones too).</summary>
    public static IEnumerable<Stray> Among(IEnumerable<ContainerListResponse> containers, DockerHostSpec host, string environment,
        IReadOnlyCollection<string> enabledServices, Catalog.Catalog catalog)
    {
        foreach (var container in containers)
        {
            var service = SlipwayLabels.Read(container.Labels, SlipwayLabels.Service);
            var labelled = SlipwayLabels.Read(container.Labels, SlipwayLabels.Environment);
            if (service is null || labelled is null) continue;
            var name = container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID;
            if (labelled == environment && !enabledServices.Contains(service))
                yield return new Stray
                {
                    Environment = environment, Service = service, Where = $"host '{host.Name}' ({host.Endpoint})", What = $"container {name}",
                    TargetName = host.Name, ObjectName = name, Reason = Stray.ReasonFor(catalog, service, environment),
                    RemoveCommand = Stray.PruneCommand(environment),
                };
            else if (!catalog.Environments.ContainsKey(labelled))
                // Named by endpoint only: every environment sharing the engine lists it alike, so Status shows it once.
                yield return new Stray
                {
                    Environment = labelled, Service = service, Where = $"docker engine {host.Endpoint}", What = $"container {name}",
                    TargetName = host.Endpoint, ObjectName = name, Reason = $"environment '{labelled}' is not in the catalog",
                    RemoveCommand = RemoveByHand(host, name),
                };
        }
    }

    /// <summary>The docker command that removes <paramref name="name"/> from <paramref name="host"/>'s engine.</summary>
    public static string RemoveByHand(DockerHostSpec host, string name) =>
        host.Tls is null
            ? $"docker -H {host.Endpoint} rm -f {name}"
            : $"docker -H {host.Endpoint} --tlsverify --tlscacert {host.Tls.CaFile} --tlscert {host.Tls.CertFile} --tlskey {host.Tls.KeyFile} rm -f {name}";

    public static void Describe(ChainContext ctx, Stray stray)
    {
        var host = HostOf(ctx, stray);
        ctx.Log.Info($"  would stop {stray.ObjectName} on host '{host.Name}' ({host.Endpoint}) within its stop timeout, then remove it " +
                     $"(POST /containers/{stray.ObjectName}/stop, DELETE /containers/{stray.ObjectName})");
    }

    /// <summary>Stops the container gracefully (its own stop timeout) and removes it.</summary>
    public static async Task RemoveAsync(ChainContext ctx, Stray stray, CancellationToken ct)
    {
        var host = HostOf(ctx, stray);
        using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
        try
        {
            await docker.Containers.StopContainerAsync(stray.ObjectName, new ContainerStopParameters(), ct);
            await docker.Containers.RemoveContainerAsync(stray.ObjectName, new ContainerRemoveParameters { Force = true }, ct);
            ctx.Log.Info($"[{stray.Service}] removed container {stray.ObjectName} from host '{host.Name}' ({host.Endpoint})");
        }
        catch (DockerContainerNotFoundException)
        {
            ctx.Log.Info($"[{stray.Service}] container {stray.ObjectName} is already gone from host '{host.Name}'");
        }
    }

    private static DockerHostSpec HostOf(ChainContext ctx, Stray stray) =>
        ctx.Target.Spec.Docker!.Hosts.FirstOrDefault(h => h.Name == stray.TargetName)
        ?? throw SlipwayException.Input($"stray {stray.What}", $"names host '{stray.TargetName}', which environment '{ctx.Environment}' does not have",
            "run Status again: the catalog changed since the stray was listed");
}
