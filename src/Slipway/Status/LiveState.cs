using Docker.DotNet.Models;
using ContainerSpec = Slipway.Deploy.Docker.ContainerSpec;
using Slipway.Catalog;
using Slipway.Deploy.Docker;
using Slipway.Pipeline;

namespace Slipway.Status;

/// <summary>What a deploy target says runs there: a digest, nothing, or that it could not be read.</summary>
public sealed record LiveReading(string? Digest, string? Tag, bool Reachable, string? Problem)
{
    public static readonly LiveReading NotRead = new(null, null, true, null);
}

/// <summary>
/// Reads what runs live, per target, each with a timeout so one dead host cannot stall the matrix. Docker hosts are
/// read through the containers' io.slipway labels; other modes are reported from the ledger only.
/// </summary>
public static class LiveState
{
    public static async Task<LiveReading> ReadAsync(ChainContext ctx, string service, string environment, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var env = ctx.Catalog.Environments[environment];
        if (env.Mode != "docker") return LiveReading.NotRead;
        var name = ContainerSpecFactory.ContainerName(service, environment);
        string? digest = null, tag = null;
        foreach (var host in env.Docker!.Hosts)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
                var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters(), limit.Token);
                var running = containers.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == name));
                if (running is null) continue;
                var hostDigest = Label(running, ContainerSpec.DigestLabel);
                if (digest is not null && hostDigest != digest)
                    return new LiveReading(digest, tag, true, $"hosts disagree: {StatusCell.Short(digest)} and {StatusCell.Short(hostDigest)} on '{host.Name}'");
                digest = hostDigest;
                tag = Label(running, ContainerSpec.TagLabel);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return new LiveReading(digest, tag, false, $"host '{host.Name}' unreachable ({(e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0}s" : e.Message)})");
            }
        }
        return new LiveReading(digest, tag, true, null);
    }

    private static string? Label(ContainerListResponse container, string key) =>
        container.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
