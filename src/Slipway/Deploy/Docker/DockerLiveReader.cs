using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>
/// Docker mode: the running container of the service on each host, read through its slipway.io labels (or the io.slipway
/// ones of older containers) and inspected for its configuration; and the containers of services or environments the
/// catalog no longer has. Each host's containers are listed once per Status run.
/// </summary>
internal sealed class DockerLiveReader(LiveReadSession session) : ILiveReader
{
    private readonly TargetRead<IList<ContainerListResponse>> _hosts = new(session.Timeout);
    private readonly TargetRead<IReadOnlyList<ConfigDifference>> _inspects = new(session.Timeout);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct)
    {
        var mode = environment.Spec.Docker!;
        var settings = session.SettingsOf(service, environment.Name);
        var containerName = ContainerSpecFactory.ContainerName(service, environment.Name);
        var readings = new List<TargetReading>();
        foreach (var host in mode.Hosts)
        {
            var target = $"host '{host.Name}'";
            var (containers, problem) = await ListAsync(host, ct);
            if (containers is null) { readings.Add(new TargetReading(target, TargetState.Unreachable, Detail: $"{host.Endpoint}: {problem}")); continue; }
            var running = containers.FirstOrDefault(c => c.State == "running" && c.Names.Any(n => n.TrimStart('/') == containerName));
            if (running is null)
            {
                readings.Add(new TargetReading(target, TargetState.Missing, Detail: $"no running container {containerName}"));
                continue;
            }
            if (!Digest.TryParse(SlipwayLabels.Read(running.Labels, SlipwayLabels.Digest), out var digest))
            {
                readings.Add(new TargetReading(target, TargetState.Runs, Tag: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Tag)),
                    Detail: $"container {containerName} runs {running.Image} without a registry digest in its labels",
                    Commit: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Commit)),
                    ImageId: Digest.TryParse(SlipwayLabels.Read(running.Labels, SlipwayLabels.ImageId), out var id) ? new ImageId(id!) : null));
                continue;
            }
            var reading = new TargetReading(target, TargetState.Runs, digest, NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Tag)),
                Commit: NullIfEmpty(SlipwayLabels.Read(running.Labels, SlipwayLabels.Commit)));
            if (settings is null) { readings.Add(reading); continue; }
            var (differences, inspectProblem) = await _inspects.GetAsync($"{host.Endpoint}|{host.Name}|{containerName}", async token =>
            {
                using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
                return await DockerConfigDrift.ReadAsync(docker, session.Context, settings, host, mode, digest!, running.Labels, token);
            }, ct);
            readings.Add(differences is null
                ? reading with { Detail = $"configuration not compared: {inspectProblem}" }
                : reading with { ConfigDifferences = differences });
        }
        return readings;
    }

    public async Task<StrayListing> ListStraysAsync(TargetEnvironment environment, IReadOnlyCollection<string> enabledServices, CancellationToken ct)
    {
        var strays = new List<Stray>();
        var unread = new List<string>();
        foreach (var host in environment.Spec.Docker!.Hosts)
        {
            var (containers, problem) = await ListAsync(host, ct);
            if (containers is null) unread.Add($"host '{host.Name}' ({host.Endpoint}): {problem}");
            else strays.AddRange(DockerStrays.Among(containers, host, environment.Name, enabledServices, session.Context.Catalog));
        }
        return new StrayListing(strays, unread);
    }

    // Stopped containers too: a stopped container of a removed service is a stray all the same.
    private Task<(IList<ContainerListResponse>? Value, string? Problem)> ListAsync(DockerHostSpec host, CancellationToken ct) =>
        _hosts.GetAsync(host.Endpoint + "|" + host.Name, async token =>
        {
            using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
            return await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token);
        }, ct);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
