using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;

namespace Slipway.Status;

/// <summary>Docker mode: the running container of the service on each host, read through its slipway.io labels (or the io.slipway ones of older containers).</summary>
internal sealed class DockerLiveReader(TimeSpan timeout)
{
    private readonly TargetRead<IList<ContainerListResponse>> _hosts = new(timeout);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(DockerModeSpec mode, string containerName, CancellationToken ct)
    {
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
                : SlipwayLabels.Read(running.Labels, SlipwayLabels.Digest) is { } digest
                    ? new TargetReading(target, TargetState.Runs, digest, SlipwayLabels.Read(running.Labels, SlipwayLabels.Tag))
                    : new TargetReading(target, TargetState.Runs, Detail: $"container {containerName} runs {running.Image} without Slipway's digest label"));
        }
        return readings;
    }
}
