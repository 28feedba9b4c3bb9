using Slipway.Diagnostics;

namespace Slipway.Pipeline;

/// <summary>Deploy: run the pushed digest in the environment through its deploy mode.</summary>
public static class DeployStep
{
    /// <summary>Deploys one service to <see cref="ChainContext.Environment"/>; a dry run prints the exact plan instead.</summary>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        var env = ctx.Catalog.Environments[ctx.Environment];
        switch (env.Mode)
        {
            case "docker":
                await DockerModeDeploy.RunAsync(ctx, run, env.Docker!, ct);
                break;
            case "static-pod":
                await StaticPodModeDeploy.RunAsync(ctx, run, env.StaticPod!, ct);
                break;
            case "kubernetes" when ctx.DryRun:
                DescribeKubernetesDeploy(ctx, run, env);
                break;
            default:
                throw new SlipwayException($"Environment '{ctx.Environment}' uses deploy mode '{env.Mode}', which this build " +
                                           "cannot run yet. Fix: use --dry-run to review it, or deploy to a docker or static-pod environment.");
        }
    }

    private static void DescribeKubernetesDeploy(ChainContext ctx, ServiceRun run, Catalog.EnvironmentSpec env)
    {
        var s = run.Settings;
        var image = $"{s.ImageRepository}@{run.Digest ?? "sha256:<digest pushed by Push>"}";
        ctx.Log.Info($"[{run.Service}] would server-side apply Deployment {run.Service} in context {env.Kubernetes!.Context}, " +
                     $"namespace {env.Kubernetes.Namespace}: replicas {s.Replicas}, image {image}, NCE_PORT={s.Port}, " +
                     $"NCE_CONF={s.Conf}, readiness GET :{s.Port}{s.HealthPath}, then wait for the rollout " +
                     $"(up to {env.Kubernetes.RolloutTimeoutSeconds}s) and roll back on failure");
    }
}
