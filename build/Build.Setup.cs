using Slipway.Chain;
using Slipway.Engine;
using Slipway.Provisioning;
using Slipway.Signing;
using Slipway.Tooling;

namespace Slipway.Build;

partial class Build
{
    bool RunsTests => ExecutingTargets.Contains(nameof(Test));

    /// <summary>The targets that need no Docker engine when every selected service's base image is read from a registry.</summary>
    static readonly string[] EngineFreeTargets = [nameof(Setup), nameof(Checkout), nameof(MavenPackage), nameof(ExplodeWar), nameof(DockerBuild), nameof(Push)];

    bool NeedsAnEngine => Env is null || !ExecutingTargets.All(EngineFreeTargets.Contains) ||
                          Runs.Any(run => run.Settings.BaseImage.Registry is null);

    Target Setup => _ => _
        .Description("Install and start what this machine needs: apt packages (as root on Debian), dockerd (unless the run needs no engine), managed registries")
        .Executes(async () =>
        {
            var state = Paths.Root;
            await MachineSetup.EnsureAsync(RunsTests ? TestMachine.Packages : MachineSetup.ChainPackages, state, Log, DryRun, engine: NeedsAnEngine);
            if (Env is not null) await ManagedRegistries.EnsureAsync(Context);
            // Machines without a team key sign with a generated local key pair; Setup makes it and says where it is.
            if (LoadedCatalog.Environments.Keys.Any(e => SigningConfig.For(LoadedCatalog, e, state) is { UsesLocalKey: true, Signs: true }))
                LocalSigningKey.Ensure(state, Log, DryRun);
        });
}
