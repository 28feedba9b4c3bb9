using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Distribution;
using Slipway.Releases;

namespace Slipway.Pipeline;

/// <summary>Deploy: run the pushed digest in the environment through its deploy mode.</summary>
public static class DeployStep
{
    /// <summary>Deploys and records the deploy (succeeded or failed) in the environment's release ledger.</summary>
    public static Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default) =>
        ChainLedger.RecordAsync(ctx, run, LedgerActions.Deploy, () => DeployAsync(ctx, run, ct), ct: ct);

    private static async Task DeployAsync(ChainContext ctx, ServiceRun run, CancellationToken ct)
    {
        var env = ctx.Catalog.Environments[ctx.Environment];
        switch (env.Mode)
        {
            case "docker":
                await DeployToDockerHostsAsync(ctx, run, env.Docker!, ct);
                break;
            case "kubernetes":
                await KubernetesDeployStep.RunAsync(ctx, run, env.Kubernetes!, ct);
                break;
            case var _ when ctx.DryRun:
                DescribeClusterDeploy(ctx, run, env);
                break;
            default:
                throw new SlipwayException($"Environment '{ctx.Environment}' uses deploy mode '{env.Mode}', which this build " +
                                           "cannot run yet (only 'docker' is implemented). Fix: use --dry-run to review it, or deploy to a docker-mode environment.");
        }
    }

    private static async Task DeployToDockerHostsAsync(ChainContext ctx, ServiceRun run, Catalog.DockerModeSpec mode, CancellationToken ct)
    {
        var distribution = await ImageDistribution.ChooseAsync(ctx, run, mode, ct);
        foreach (var host in mode.Hosts)
        {
            if (ctx.DryRun)
            {
                var digest = run.Digest ?? "sha256:<digest pushed by Push>";
                var spec = ContainerSpecFactory.Create(ctx, WithDigest(run, digest), host, mode);
                ctx.Log.Info($"[{run.Service}] would deploy on host '{host.Name}' ({host.Endpoint}): pull {spec.Image}, " +
                             $"stop the running {spec.Name} gracefully ({spec.StopTimeoutSeconds}s), start:");
                foreach (var line in spec.Describe()) ctx.Log.Info("    " + line);
                ctx.Log.Info("    on failure: remove the new container, restart the previous one, fail the run");
                await ImageDistribution.PrepareAsync(ctx, run, host, distribution, spec, ct);
                continue;
            }
            using var docker = DockerClients.Connect(host.Endpoint, host.Tls);
            var deployer = new DockerHostDeployer(docker, host.Name, ctx.Log);
            await deployer.DeployAsync(await ImageDistribution.PrepareAsync(ctx, run, host, distribution,
                ContainerSpecFactory.Create(ctx, run, host, mode), ct), ct);
        }
    }

    private static void DescribeClusterDeploy(ChainContext ctx, ServiceRun run, Catalog.EnvironmentSpec env)
    {
        var s = run.Settings;
        var image = $"{s.ImageRepository}@{run.Digest ?? "sha256:<digest pushed by Push>"}";
        if (env.Mode == "static-pod")
            foreach (var node in env.StaticPod!.Nodes)
                ctx.Log.Info($"[{run.Service}] would write Pod {run.Service} (hostNetwork, image {image}, NCE_PORT={s.Port}, " +
                             $"NCE_CONF={s.Conf}, readiness GET :{s.Port}{s.HealthPath}) to {env.StaticPod.Repository} " +
                             $"{node.Name}/{run.Service}.yaml on branch {env.StaticPod.Branch}, commit and push");
        else
            ctx.Log.Info($"[{run.Service}] would server-side apply Deployment {run.Service} in context {env.Kubernetes!.Context}, " +
                         $"namespace {env.Kubernetes.Namespace}: replicas {s.Replicas}, image {image}, NCE_PORT={s.Port}, " +
                         $"NCE_CONF={s.Conf}, readiness GET :{s.Port}{s.HealthPath}, then wait for the rollout " +
                         $"(up to {env.Kubernetes.RolloutTimeoutSeconds}s) and roll back on failure");
    }

    private static ServiceRun WithDigest(ServiceRun run, string digest)
    {
        if (run.Digest is not null) return run;
        var copy = new ServiceRun(run.Service, run.Settings) { Checkout = run.Checkout, Tag = run.Tag, Digest = digest };
        return copy;
    }
}
