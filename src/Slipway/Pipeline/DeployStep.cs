using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Releases;
using Slipway.Releases.Gates;

namespace Slipway.Pipeline;

/// <summary>Deploy: run the pushed digest in the environment through its deploy mode.</summary>
public static class DeployStep
{
    /// <summary>
    /// Deploys one service to <see cref="ChainContext.Environment"/> (a dry run prints the exact plan instead) and records the
    /// deploy, succeeded or failed, in the environment's release ledger.
    /// </summary>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        var input = InputOf(run);
        var check = new GateCheck(run.Service, input.Digest?.Value ?? input.Build?.ImageId?.ToString() ?? input.DigestText, GatedAction.Deploy);
        var verification = await Rollout.RunAsync(ctx, input, LedgerActions.Deploy, ct, gates: () => ReleaseGates.EnforceAsync(ctx, check, ct));
        run.VerificationTime = verification?.Elapsed;
    }

    /// <summary>What the chain deploys: the run's pushed digest, and its build for delivery without the registry.</summary>
    public static DeployInput InputOf(ServiceRun run) => new()
    {
        Settings = run.Settings,
        Digest = run.Digest,
        Tag = run.Tag,
        Commit = run.Checkout?.Sha,
        Build = new LocalBuild(run.Image, run.ImageId, run.PushFailed),
    };
}
