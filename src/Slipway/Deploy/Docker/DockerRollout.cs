using Docker.DotNet.Models;
using Docker.DotNet;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Docker;

/// <summary>One host of a rollout: its name, how to reach its engine, and the container it should run.</summary>
public sealed record RolloutHost(string Name, string Endpoint, Func<IDockerClient> Connect, ContainerSpec Spec);

/// <summary>What a rollout did on one host, with wall-clock times (the order hosts were rolled in).</summary>
public sealed record HostRolloutResult(string Host, HostDeployOutcome Outcome, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <summary>
/// Rolls one service over the hosts of an environment, <c>batchSize</c> hosts at a time, in catalog order.
/// A host that fails gets its previous container back (<see cref="DockerHostDeployer"/>); the rollout then
/// stops before the next batch and fails naming the host. Hosts already on the digest are left alone.
/// </summary>
public sealed class DockerRollout(IBuildLog log, AuthConfig? pullAuth = null)
{
    /// <summary>Runs the rollout; throws <see cref="SlipwayException"/> naming the failed host(s).</summary>
    public async Task<IReadOnlyList<HostRolloutResult>> RunAsync(string what, IReadOnlyList<RolloutHost> hosts, int batchSize,
        CancellationToken ct = default)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least 1");
        var done = new List<HostRolloutResult>();
        var batches = hosts.Chunk(batchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            if (batches.Count > 1)
                log.Info($"{what}: batch {b + 1} of {batches.Count}: {string.Join(", ", batches[b].Select(h => h.Name))}");
            var attempts = batches[b].Select(host => DeployOneAsync(host, ct)).ToList();
            await Task.WhenAll(attempts.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));
            done.AddRange(attempts.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result));

            var failed = batches[b].Zip(attempts).Where(p => !p.Second.IsCompletedSuccessfully).ToList();
            if (failed.Count == 0) continue;
            ct.ThrowIfCancellationRequested();
            var untouched = batches.Skip(b + 1).SelectMany(x => x).Select(h => h.Name).ToList();
            throw new SlipwayException(
                $"{what}: rollout stopped at host {string.Join(", ", failed.Select(f => $"'{f.First.Name}'"))} " +
                "(its previous container, if any, was restored). " +
                string.Join(" ", failed.Select(f => Reason(f.Second.Exception))) +
                (done.Count > 0 ? $" Already on the new digest: {string.Join(", ", done.Select(d => d.Host))}." : "") +
                (untouched.Count > 0 ? $" Not touched: {string.Join(", ", untouched)}." : "") +
                " Fix: see the health check and container log above, then deploy again.",
                failed[0].Second.Exception?.InnerException);
        }
        return done;
    }

    private async Task<HostRolloutResult> DeployOneAsync(RolloutHost host, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        using var docker = host.Connect();
        var outcome = await new DockerHostDeployer(docker, host.Name, log, pullAuth).DeployAsync(host.Spec, ct);
        return new HostRolloutResult(host.Name, outcome, started, DateTimeOffset.UtcNow);
    }

    private static string Reason(AggregateException? e) =>
        e?.InnerException is { } inner ? inner.Message.TrimEnd('.') + "." : "unknown failure.";
}
