using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Releases;

/// <summary>
/// Finds the digest an environment runs: live from the container labels on its docker hosts, else the latest successful
/// deploy in its release ledger. Only reads; a dry run does not fetch a git ledger.
/// </summary>
public static class SourceImageLocator
{
    public static async Task<SourceImage> LocateAsync(ChainContext ctx, string service, string environment, CancellationToken ct = default)
    {
        var env = ctx.Catalog.Environments[environment];
        if (env.Mode == "docker" && await RunningAsync(ctx, service, environment, env.Docker!, ct) is { } live)
            return live;

        var ledger = ReleaseLedgers.For(ctx, environment);
        if (ctx.DryRun && ledger is not FileLedger)
            return new SourceImage(environment, $"sha256:<digest '{environment}' runs>", "<its date tag>", null,
                $"dry run: would read the release ledger {ledger.Location} (not fetched in a dry run)");
        var latest = await ledger.LatestDeployAsync(service, environment, ct);
        if (latest is not null)
            return new SourceImage(environment, latest.Digest!, latest.Tag, latest.Commit,
                $"release ledger {ledger.Location}: {latest.Action} at {latest.Time:u} by {latest.Actor}");
        throw new SlipwayException(
            $"Cannot promote {service} from '{environment}': no container of it runs there and the release ledger {ledger.Location} " +
            $"records no successful deploy of it. Fix: deploy it first (./build.sh Deploy --env {environment} --service {service})");
    }

    private static async Task<SourceImage?> RunningAsync(ChainContext ctx, string service, string environment,
        Catalog.DockerModeSpec mode, CancellationToken ct)
    {
        var found = new List<(string Host, ContainerListResponse Container)>();
        foreach (var host in mode.Hosts)
        {
            try
            {
                using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
                found.AddRange((await ListRunningAsync(docker, service, environment, ct)).Select(c => (host.Name, c)));
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException)
            {
                ctx.Log.Warn($"[{service}] cannot ask host '{host.Name}' ({host.Endpoint}) what runs there ({ex.Message}); using the release ledger");
                return null;
            }
        }
        var digests = found.Select(f => f.Container.Label(SlipwayLabels.Digest))
            .OfType<string>().Where(d => d.Length > 0).Distinct().ToList();
        if (digests.Count == 0) return null;
        if (digests.Count > 1)
            throw new SlipwayException(
                $"Cannot promote {service} from '{environment}': its hosts run different images " +
                $"({string.Join(", ", found.Select(f => $"{f.Host}: {f.Container.Label(SlipwayLabels.Digest)}"))}). " +
                $"A deploy there is unfinished. Fix: finish it (./build.sh Deploy --env {environment} --service {service}), then promote");
        var first = found.First(f => f.Container.Label(SlipwayLabels.Digest) == digests[0]).Container;
        return new SourceImage(environment, digests[0], NullIfEmpty(first.Label(SlipwayLabels.Tag)),
            NullIfEmpty(first.Label(SlipwayLabels.Commit)),
            $"running on {string.Join(", ", found.Select(f => $"host '{f.Host}'").Distinct())}");
    }

    /// <summary>The running containers labelled with the service and environment, under the current names or the legacy ones.</summary>
    private static async Task<List<ContainerListResponse>> ListRunningAsync(IDockerClient docker, string service, string environment,
        CancellationToken ct)
    {
        var found = new List<ContainerListResponse>();
        foreach (var (serviceLabel, environmentLabel) in new[]
                 {
                     (SlipwayLabels.Service, SlipwayLabels.Environment),
                     (SlipwayLabels.LegacyNames[SlipwayLabels.Service], SlipwayLabels.LegacyNames[SlipwayLabels.Environment]),
                 })
        {
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool>
                    {
                        [$"{serviceLabel}={service}"] = true,
                        [$"{environmentLabel}={environment}"] = true,
                    },
                    ["status"] = new Dictionary<string, bool> { ["running"] = true },
                },
            }, ct);
            found.AddRange(containers.Where(c => found.All(f => f.ID != c.ID)));
        }
        return found;
    }

    private static string? Label(this ContainerListResponse container, string key) => SlipwayLabels.Read(container.Labels, key);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
