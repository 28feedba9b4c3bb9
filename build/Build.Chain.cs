using Slipway.Engine;
using Slipway.Pipeline;
using Slipway.Releases;

namespace Slipway.Build;

partial class Build
{
    /// <summary>False when the registry already holds every selected service's image for its commit (build once), and always for a receiving stage.</summary>
    bool AnyServiceNeedsABuild => !Receives && (DryRun || Runs.Any(run => !run.Reused));

    /// <summary>True when --env has promoteFrom: it receives its predecessor's images and never builds (see <see cref="ReceivingStage"/>).</summary>
    bool Receives => ReceivingStage.PredecessorOf(LoadedCatalog, Env!) is not null;

    static readonly string[] BuildTargets = [nameof(MavenPackage), nameof(ExplodeWar), nameof(DockerBuild), nameof(Push)];

    /// <summary>Refuses, before anything runs, a build aimed at a receiving stage: --force-build, or a build target without Deploy.</summary>
    void RefuseBuildsIntoAReceivingStage()
    {
        if (!Receives) return;
        if (ForceBuild) throw ReceivingStage.BuildRefused(LoadedCatalog, Env!, "--force-build");
        if (!ExecutingTargets.Contains(nameof(Deploy)) && BuildTargets.FirstOrDefault(ExecutingTargets.Contains) is { } target)
            throw ReceivingStage.BuildRefused(LoadedCatalog, Env!, $"{target} --env {Env}");
    }

    Target Checkout => _ => _
        .Description("Fetch each service's branch (or --commit) into a clean workspace; reuse the image if this commit has one")
        .DependsOn(Setup)
        .Requires(() => Env)
        .Executes(async () =>
        {
            RefuseBuildsIntoAReceivingStage();
            // A deploy that cannot reach its targets fails here, before anything is built, pushed or recorded.
            if (ExecutingTargets.Contains(nameof(Deploy))) await Slipway.Deploy.DeployPreflight.RunAsync(Context);
            // So does a missing or wrong signing key, which Push would only meet after pushing.
            if (ExecutingTargets.Contains(nameof(Push)) || ExecutingTargets.Contains(nameof(Deploy))) Slipway.Signing.ImageSigning.CheckKeys(Context);
            await ForEachService(run => CheckoutStep.RunAsync(Context, run, lookUpImage: !Receives));
        });

    Target MavenPackage => _ => _
        .Description("Build the service with Maven (single: clean package; module: clean install -pl MODULE -am)")
        .DependsOn(Checkout)
        .OnlyWhenDynamic(() => AnyServiceNeedsABuild)
        .Executes(() => ForEachService(run => MavenPackageStep.RunAsync(Context, run)));

    Target ExplodeWar => _ => _
        .Description("Unpack the WAR safely into the image context")
        .DependsOn(MavenPackage)
        .OnlyWhenDynamic(() => AnyServiceNeedsABuild)
        .Executes(() => ForEachService(run => { ExplodeWarStep.Run(Context, run); return Task.CompletedTask; }));

    Target DockerBuild => _ => _
        .Description("Build the layered application image (base image from its recipe when absent)")
        .DependsOn(ExplodeWar)
        .OnlyWhenDynamic(() => AnyServiceNeedsABuild)
        .Executes(() => ForEachService(run => DockerBuildStep.RunAsync(Context, run)));

    Target Push => _ => _
        .Description("Push the date-based tag and the per-commit reference; record the digest")
        .DependsOn(DockerBuild)
        .OnlyWhenDynamic(() => !Receives && PushesToTheRegistry)
        .Executes(() => ForEachService(run => PushStep.RunAsync(Context, run)));

    Target Deploy => _ => _
        .Description("Run the pushed digest in --env through its deploy mode (docker hosts: rolling, with health check and restore; " +
                     "static pods: manifests committed node by node); services in parallel up to the environment's maxParallel. " +
                     "An environment with promoteFrom never builds: it receives the commit's image its predecessor runs or ran")
        .DependsOn(Push)
        .Executes(() => ServiceScheduler.RunAsync(Runs, ServiceScheduler.MaxParallel(Context), (run, ct) => Receives
            ? ReceiveStep.RunAsync(Context, run, Force, ct)
            : DeployStep.RunAsync(Context, run, ct)));
}
