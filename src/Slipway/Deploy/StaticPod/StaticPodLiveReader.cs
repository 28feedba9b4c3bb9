using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Deploy.StaticPod;

/// <summary>
/// Static-pod mode: each node's committed Pod manifest for the service, read from the manifests repository's branch.
/// The branch is fetched into a bare repository under the state folder (once per environment and Status run), so no
/// working copy changes, not even the deployer's.
/// </summary>
internal sealed class StaticPodLiveReader(LiveReadSession session) : ILiveReader
{
    private static readonly ProcessRunOptions AllOutput = new() { TailLines = 1_000_000 };
    private readonly TargetRead<FetchedBranch> _fetches = new(session.Timeout);

    /// <summary>What the fetch found: the cache it went into and the branch's files (null when the branch does not exist yet).</summary>
    private sealed record FetchedBranch(string Cache, HashSet<string>? Files);

    public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct)
    {
        var mode = environment.Spec.StaticPod!;
        var url = session.Context.ResolveAgainstCatalog(mode.Repository);
        var cache = session.CacheOf(environment.Name, "manifests");
        var (fetched, problem) = await _fetches.GetAsync(cache, token => FetchAsync(url, mode.Branch, cache, token), ct);
        var readings = new List<TargetReading>();
        foreach (var node in mode.Nodes)
        {
            var target = $"node '{node.Name}'";
            var path = StaticPodDeployer.ManifestPath(node.Name, service);
            if (fetched is null)
                readings.Add(new TargetReading(target, TargetState.Unreachable, Detail: $"manifests repository {url} (branch {mode.Branch}): {problem}"));
            else if (fetched.Files is null || !fetched.Files.Contains(path))
                readings.Add(new TargetReading(target, TargetState.Missing,
                    Detail: $"missing: no {path} on {mode.Branch}{(fetched.Files is null ? " (the branch does not exist yet)" : "")}"));
            else
                readings.Add(await ReadManifestAsync(target, fetched.Cache, mode.Branch, path, service, environment.Name, node, ct));
        }
        return readings;
    }

    public async Task<StrayListing> ListStraysAsync(TargetEnvironment environment, IReadOnlyCollection<string> enabledServices, CancellationToken ct)
    {
        var mode = environment.Spec.StaticPod!;
        var url = session.Context.ResolveAgainstCatalog(mode.Repository);
        var cache = session.CacheOf(environment.Name, "manifests");
        var (fetched, problem) = await _fetches.GetAsync(cache, token => FetchAsync(url, mode.Branch, cache, token), ct);
        if (fetched is null) return new StrayListing([], [$"manifests repository {url} (branch {mode.Branch}): {problem}"]);
        return new StrayListing(StaticPodStrays.Among(fetched.Files ?? [], mode, environment.Name, enabledServices, session.Context.Catalog).ToList(), []);
    }

    private async Task<FetchedBranch> FetchAsync(string url, string branch, string cache, CancellationToken ct)
    {
        if (!Directory.Exists(cache))
        {
            Directory.CreateDirectory(cache);
            await GitAsync(ManifestGit.InitBare(cache), ct);
            await GitAsync(ManifestGit.AddRemote(cache, url), ct);
        }
        else await GitAsync(ManifestGit.SetRemote(cache, url), ct);
        await GitAsync(ManifestGit.Fetch(cache), ct);
        if ((await RunAsync(ManifestGit.RemoteBranch(cache, branch), ct)).ExitCode != 0) return new FetchedBranch(cache, null);
        var files = await GitAsync(ManifestGit.ListFiles(cache, branch), ct);
        return new FetchedBranch(cache, files.StandardOutput.Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<TargetReading> ReadManifestAsync(string target, string cache, string branch, string path, string service,
        string environment, StaticPodNodeSpec node, CancellationToken ct)
    {
        var text = (await GitAsync(ManifestGit.ReadFile(cache, branch, path), ct)).StandardOutputText;
        V1Pod pod;
        try { pod = KubernetesYaml.Deserialize<V1Pod>(text); }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return new TargetReading(target, TargetState.Runs, Detail: $"{path} is not a readable Pod manifest ({e.Message.ReplaceLineEndings(" ")})");
        }
        var containers = pod?.Spec?.Containers ?? [];
        var image = (containers.FirstOrDefault(c => c.Name == service) ?? containers.FirstOrDefault())?.Image;
        var digest = LiveReading.DigestOf(image);
        if (digest is null)
            return new TargetReading(target, TargetState.Runs, Detail: image is null ? $"{path} has no container image" : $"{path} names {image}, not pinned by digest");
        var tag = LiveReading.TagRecordedWith(pod!.Metadata?.Annotations, digest.Value);
        var reading = new TargetReading(target, TargetState.Runs, digest, tag);
        return session.SettingsOf(service, environment) is { } settings
            ? reading with { ConfigDifferences = ConfigDifferences(pod, settings, digest, node) }
            : reading;
    }

    // The manifest the catalog renders now for the digest, tag and commit the committed one records, field by field.
    private static IReadOnlyList<ConfigDifference> ConfigDifferences(V1Pod committed, ResolvedService settings, Registry.Digest digest, StaticPodNodeSpec node)
    {
        var annotations = committed.Metadata?.Annotations;
        var input = new DeployInput
        {
            Settings = settings, Digest = digest,
            Tag = SlipwayLabels.Read(annotations, SlipwayLabels.Tag), Commit = SlipwayLabels.Read(annotations, SlipwayLabels.Commit),
        };
        var desired = StaticPodRenderer.Render(PodInputs.From(input, node.Address));
        return ConfigDifference.Between(ManifestFields.Of(committed), ManifestFields.Of(desired));
    }

    private async Task<ProcessResult> GitAsync(string[] args, CancellationToken ct)
    {
        var result = await RunAsync(args, ct);
        if (result.ExitCode != 0)
        {
            var error = result.StandardErrorText.Trim().ReplaceLineEndings(" ");
            if (error.Length > 400) error = error[..400] + "...";
            throw new SlipwayException($"git {(args[0] == "-C" ? args[2] : args[0])} failed (exit {result.ExitCode})" + (error.Length == 0 ? "" : ": " + error));
        }
        return result;
    }

    private Task<ProcessResult> RunAsync(string[] args, CancellationToken ct)
    {
        session.Context.Log.Detail(GitRunner.Describe(args));
        return GitRunner.RunAsync(args, options: AllOutput, cancellationToken: ct);
    }
}
