using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>Docker mode: the running container of the service on each host, read through its slipway.io labels (or the io.slipway ones of older containers).</summary>
internal sealed class DockerLiveReader(TimeSpan timeout) : ILiveReader
{
    private readonly TargetRead<IList<ContainerListResponse>> _hosts = new(timeout);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct)
    {
        var mode = environment.Spec.Docker!;
        var containerName = ContainerSpecFactory.ContainerName(service, environment.Name);
        var readings = new List<TargetReading>();
        foreach (var host in mode.Hosts)
        {
            var target = $"host '{host.Name}'";
            var (containers, problem) = await _hosts.GetAsync(host.Endpoint + "|" + host.Name, async token =>
            {
                using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
                return await docker.Containers.ListContainersAsync(new ContainersListParameters(), token);
            }, ct);
            if (containers is null) { readings.Add(new TargetReading(target, TargetState.Unreachable, Detail: $"{host.Endpoint}: {problem}")); continue; }
            var running = containers.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == containerName));
            readings.Add(running is null
                ? new TargetReading(target, TargetState.Missing, Detail: $"no running container {containerName}")
                : Digest.TryParse(SlipwayLabels.Read(running.Labels, SlipwayLabels.Digest), out var digest)
                    ? new TargetReading(target, TargetState.Runs, digest, NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Tag)),
                        Commit: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Commit)))
                    : new TargetReading(target, TargetState.Runs, Tag: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Tag)),
                        Detail: $"container {containerName} runs {running.Image} without a registry digest in its labels",
                        Commit: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Commit)),
                        ImageId: Digest.TryParse(SlipwayLabels.Read(running.Labels, SlipwayLabels.ImageId), out var id) ? new ImageId(id!) : null));
        }
        return readings;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
