using Slipway.Chain;
using Slipway.Engine;
using Slipway.Provisioning;
using Slipway.Signing;
using Slipway.Tooling;

namespace Slipway.Build;

partial class Build
{
    bool RunsTests => ExecutingTargets.Contains(nameof(Test));

    Target Setup => _ => _
        .Description("Install and start what this machine needs: apt packages (as root on Debian), dockerd, managed registries")
        .Executes(async () =>
        {
            var state = Paths.Root;
            await MachineSetup.EnsureAsync(RunsTests ? TestMachine.Packages : MachineSetup.ChainPackages, state, Log, DryRun);
            if (Env is not null) await ManagedRegistries.EnsureAsync(Context);
            // Machines without a team key sign with a generated local key pair; Setup makes it and says where it is.
            if (LoadedCatalog.Environments.Keys.Any(e => SigningConfig.For(LoadedCatalog, e, state) is { UsesLocalKey: true, Signs: true }))
                LocalSigningKey.Ensure(state, Log, DryRun);
        });
}
