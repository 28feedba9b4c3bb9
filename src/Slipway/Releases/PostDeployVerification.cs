using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Registry;
using Slipway.Verification;

namespace Slipway.Releases;

/// <summary>The catalog's verification of a service after its mode deployed (or rolled back) it, for <see cref="Rollout"/>.</summary>
public static class PostDeployVerification
{
    /// <summary>
    /// Runs the checks on every instance the mode lists; null when the service has no verification here or the mode lists
    /// no instance. Throws <see cref="VerificationFailedException"/> (the outcome inside) when too many checks failed.
    /// </summary>
    public static async Task<VerificationOutcome?> RunAsync(ChainContext ctx, IDeployMode mode, DeployInput input, string action, CancellationToken ct)
    {
        if (input.Settings.Verification is not { } spec) return null;
        var instances = await mode.VerificationInstancesAsync(ctx, input, ct);
        if (instances.Count == 0)
        {
            ctx.Log.Warn($"[{input.Service}] {ctx.Environment}: not verified: mode {mode.Name} lists no instance it can reach " +
                         "(static-pod lists the nodes with an address; kubernetes the ready pods running the new image)");
            return null;
        }
        var outcome = await new Verifier(ctx.Log, ctx.Clock)
            .RunAsync($"[{input.Service}] {ctx.Environment}", spec, instances, ct);
        if (outcome.Passed) return outcome;
        var first = outcome.Failures[0];
        throw new VerificationFailedException(
            $"Verification of the {action} of {input.Service} {input.Tag} ({Digests.Short(input.DigestText)}) in '{ctx.Environment}' failed: " +
            $"{outcome.Failures.Count} failed check(s), more than failureLimit {spec.FailureLimit}. {first.Check} on {first.Instance}: " +
            $"saw {first.Saw}, expected {first.Expected}.", outcome);
    }

    /// <summary>Dry run: the checks that would run after the deploy, per instance.</summary>
    public static async Task DescribeAsync(ChainContext ctx, IDeployMode mode, DeployInput input, CancellationToken ct)
    {
        if (input.Settings.Verification is not { } spec) return;
        Verifier.Describe(ctx.Log, $"[{input.Service}] {ctx.Environment}", spec, await mode.VerificationInstancesAsync(ctx, input, ct));
    }

    /// <summary>The ledger entry of a verified (or failed) deploy: the entry as before plus the verdict and its evidence.</summary>
    public static LedgerEntry WithVerification(LedgerEntry entry, VerificationOutcome? outcome) => outcome is null ? entry : entry with
    {
        Verification = outcome.Passed ? VerificationResults.Verified : VerificationResults.Failed,
        VerificationEvidence = outcome.Evidence,
    };
}
