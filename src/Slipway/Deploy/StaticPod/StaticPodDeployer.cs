using Slipway.Catalog;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;

namespace Slipway.Deploy.StaticPod;

/// <summary>What happened on one node.</summary>
public sealed record NodeDeployResult(string Node, string ManifestPath, string? Commit, bool Checked);

/// <summary>
/// Static-pod mode: for each node in catalog order, commit <c>&lt;node&gt;/&lt;service&gt;.yaml</c> to the manifests
/// repository, push it, and (when the catalog gives the node an address) wait for the service's health URL there.
/// A node that does not get healthy has its previous manifest committed back, and the rollout stops naming it.
/// A node whose manifest is already the rendered one gets no commit.
/// </summary>
public sealed class StaticPodDeployer(ManifestRepository repository, IBuildLog log)
{
    /// <summary>How long a node gets to answer its health URL.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>True when this deploy follows one that was interrupted (its journal was left): an unchanged manifest that fails its check is reverted.</summary>
    public bool AfterInterruptedRun { get; init; }
    /// <summary>Where a copy of every rendered manifest is written for review (null: none).</summary>
    public string? ArtifactsDirectory { get; init; }

    /// <summary>The manifest's path in the repository.</summary>
    public static string ManifestPath(string node, string service) => $"{node}/{service}.yaml";

    /// <summary>The commit message: service, tag, digest, who.</summary>
    public static string CommitMessage(PodInputs pod, string node, string actor) =>
        $"Deploy {pod.Service} {pod.Tag} to {node} ({pod.Environment})\n\n" +
        $"service: {pod.Service}\ntag: {pod.Tag}\ndigest: {pod.Digest}\ncommit: {pod.Commit}\nby: {actor}\n";

    /// <summary>Rolls the service over <paramref name="nodes"/> one at a time; <paramref name="inputsFor"/> renders per node.</summary>
    public async Task<IReadOnlyList<NodeDeployResult>> DeployAsync(IReadOnlyList<StaticPodNodeSpec> nodes,
        Func<StaticPodNodeSpec, PodInputs> inputsFor, CancellationToken ct = default)
    {
        await repository.SyncAsync(ct);
        var results = new List<NodeDeployResult>();
        foreach (var node in nodes)
        {
            var pod = inputsFor(node);
            var path = ManifestPath(node.Name, pod.Service);
            var yaml = StaticPodRenderer.RenderYaml(pod);
            WriteArtifact(path, yaml);
            var previous = repository.Read(path);
            var sha = await repository.CommitAsync(path, yaml, CommitMessage(pod, node.Name, repository.Actor), ct);
            if (sha is null)
            {
                log.Info($"[{pod.Service}] node {node.Name} already has {path} for {Short(pod.Digest)}: nothing to commit");
                if (node.Address is not null) await CheckUnchangedAsync(node, pod, path, ct);
                results.Add(new NodeDeployResult(node.Name, path, null, node.Address is not null));
                continue;
            }
            var pushed = await repository.PushAsync(ct);
            log.Info($"[{pod.Service}] committed {path} ({pushed[..12]}) to {repository.Url} {repository.Branch}");
            var check = node.Address is not null;
            if (check) await WaitHealthyOrRevertAsync(node, pod, path, previous, ct);
            else log.Info($"[{pod.Service}] node {node.Name} has no address in the catalog: no health check");
            results.Add(new NodeDeployResult(node.Name, path, pushed, check));
        }
        return results;
    }

    /// <summary>
    /// A manifest already committed still gets its health check (an earlier run may have stopped before it checked). After an
    /// interrupted run, a failed check commits back the manifest from before that run's change; otherwise the manifest stays.
    /// </summary>
    private async Task CheckUnchangedAsync(StaticPodNodeSpec node, PodInputs pod, string path, CancellationToken ct)
    {
        if (AfterInterruptedRun)
        {
            await WaitHealthyOrRevertAsync(node, pod, path, await repository.ReadBeforeLastChangeAsync(path, ct), ct);
            return;
        }
        var url = new Uri($"http://{node.Address}:{pod.Port}{pod.HealthPath}");
        var (healthy, observation) = await HealthProbe.WaitAsync(url, HealthTimeout, () => Task.FromResult(true), ct);
        if (!healthy)
            throw new SlipwayException($"Deploy of {pod.Service} to node '{node.Name}' failed: its committed manifest is already this one, " +
                                       $"but {url} {observation}. The manifest stays as it is. Fix: check the pod's log on the node, " +
                                       $"or go back with ./build.sh Rollback --service {pod.Service} --env {pod.Environment}.");
    }

    private async Task WaitHealthyOrRevertAsync(StaticPodNodeSpec node, PodInputs pod, string path, string? previous, CancellationToken ct)
    {
        var url = new Uri($"http://{node.Address}:{pod.Port}{pod.HealthPath}");
        log.Info($"[{pod.Service}] waiting for {url} on node {node.Name}");
        var (healthy, observation) = await HealthProbe.WaitAsync(url, HealthTimeout, () => Task.FromResult(true), ct);
        if (healthy) { log.Info($"[{pod.Service}] node {node.Name} is healthy on {Short(pod.Digest)}"); return; }

        log.Warn($"[{pod.Service}] node {node.Name} not healthy ({observation}): committing its previous manifest back");
        var message = $"Revert {pod.Service} on {node.Name} ({pod.Environment}): {pod.Tag} was not healthy\n\n" +
                      $"digest: {pod.Digest}\nhealth: {url} {observation}\nby: {repository.Actor}\n";
        if (await repository.CommitAsync(path, previous, message, CancellationToken.None) is not null)
            await repository.PushAsync(CancellationToken.None);
        throw new SlipwayException($"Deploy of {pod.Service} to node '{node.Name}' failed: {url} {observation}. " +
                                   "Its previous manifest was committed back and the rollout stopped there. " +
                                   "Fix: check the pod's log on the node, then deploy again.");
    }

    private void WriteArtifact(string relativePath, string yaml)
    {
        if (ArtifactsDirectory is null) return;
        var file = Path.Combine(ArtifactsDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, yaml);
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
