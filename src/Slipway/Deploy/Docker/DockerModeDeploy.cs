using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Docker;

/// <summary>Deploy in mode docker: a rolling update over the environment's hosts, or in a dry run the exact plan.</summary>
public static class DockerModeDeploy
{
    /// <summary>Rolls <paramref name="input"/>'s digest over the hosts (batches of docker.batchSize); returns what each host did.</summary>
    public static async Task<IReadOnlyList<HostRolloutResult>> RunAsync(ChainContext ctx, DeployInput input, DockerModeSpec mode, CancellationToken ct)
    {
        var distribution = await ImageDistribution.ChooseAsync(ctx, input, mode, ct);
        if (distribution == DistributionMode.Registry) input.RequireDigest();
        // Over SSH every host gets the image before any container is replaced.
        var hosts = new List<RolloutHost>();
        foreach (var host in mode.Hosts.Where(h => input.Covers(h.Name)))
        {
            var spec = await ImageDistribution.PrepareAsync(ctx, input, host, distribution, ContainerSpecFactory.Create(ctx, input, host, mode), ct);
            WriteArtifact(ctx, host.Name, spec);
            hosts.Add(new RolloutHost(host.Name, host.Endpoint, () => DockerClients.Connect(host.Endpoint, host.Tls), spec));
        }
        var pullAuth = ctx.EngineAuth(input.Settings.RegistryName);
        return await new DockerRollout(ctx.Log, pullAuth).RunAsync($"[{input.Service}] {ctx.Environment}", hosts, mode.BatchSize, ct);
    }

    /// <summary>Dry run: the hosts, batches, pulls, container specs and failure handling the rollout would go through.</summary>
    public static async Task DescribeAsync(ChainContext ctx, DeployInput input, DockerModeSpec mode, CancellationToken ct)
    {
        var distribution = await ImageDistribution.ChooseAsync(ctx, input, mode, ct);
        var digest = input.DigestText;
        var withDigest = input with { Tag = input.Tag ?? "<tag>" };
        var targets = mode.Hosts.Where(h => input.Covers(h.Name)).ToList();
        var batches = targets.Chunk(mode.BatchSize).ToList();
        ctx.Log.Info($"[{input.Service}] would roll {digest} over {targets.Count} host(s) of {ctx.Environment}, " +
                     $"{mode.BatchSize} at a time ({batches.Count} batch(es)), stopping at the first host that fails:");
        foreach (var host in targets)
        {
            var spec = ContainerSpecFactory.Create(ctx, withDigest, host, mode);
            ctx.Log.Info($"  host '{host.Name}' ({host.Endpoint}{(host.Tls is null ? "" : ", TLS client certificate")}):");
            await ImageDistribution.PrepareAsync(ctx, withDigest, host, distribution, spec, ct);
            ctx.Log.Info($"    if {spec.Name} already runs this spec (image, env, labels, restart policy, stop timeout): GET its health URL only");
            ctx.Log.Info($"    else: POST /images/create?fromImage={spec.Image} (pull by digest); POST /containers/{spec.Name}/stop?t={spec.StopTimeoutSeconds}; " +
                         $"rename it {DockerHostDeployer.KeptName(spec.Name)} (if a {DockerHostDeployer.KeptName(spec.Name)} is left from an unfinished " +
                         $"rollout, it stays and the unchecked {spec.Name} is removed instead); POST /containers/create + start:");
            foreach (var line in spec.Describe()) ctx.Log.Info("      " + line);
            ctx.Log.Info($"    on failure: remove the new container, rename and start {DockerHostDeployer.KeptName(spec.Name)}, stop the rollout, fail naming '{host.Name}'; " +
                         $"on success: remove {DockerHostDeployer.KeptName(spec.Name)}");
            ctx.Log.Info($"    would write the spec to {ArtifactPath(ctx, host.Name, spec)}");
            if (ctx.DryRunDiff) await DescribeDiffAsync(ctx, host, spec, ct);
        }
        if (!ctx.DryRunDiff) ctx.Log.Info("  (no engine call made; --dry-run-diff also reads the running containers, read-only, and prints a diff)");
    }

    private static async Task DescribeDiffAsync(ChainContext ctx, DockerHostSpec host, ContainerSpec desired, CancellationToken ct)
    {
        try
        {
            using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
            var current = await RunningContainerReader.ReadAsync(docker, desired, ct);
            if (current is null) { ctx.Log.Info($"    diff: no {desired.Name} on '{host.Name}' yet: everything above is new"); return; }
            var diff = LineDiff.Compare(current.Describe().ToList(), desired.Describe().ToList());
            if (diff.Count == 0) { ctx.Log.Info($"    diff: '{host.Name}' already runs exactly this spec"); return; }
            ctx.Log.Info($"    diff against what runs on '{host.Name}' now (- now, + would be):");
            foreach (var line in diff) ctx.Log.Info("      " + line);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ctx.Log.Warn($"    diff: cannot read what runs on '{host.Name}' ({e.Message})");
        }
    }

    private static string ArtifactPath(ChainContext ctx, string host, ContainerSpec spec) =>
        Path.Combine(ctx.Paths.EnvironmentArtifacts(ctx.Environment), host, $"{spec.Labels[SlipwayLabels.Service]}.container.txt");

    private static void WriteArtifact(ChainContext ctx, string host, ContainerSpec spec)
    {
        var path = ArtifactPath(ctx, host, spec);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, spec.Describe());
    }
}
