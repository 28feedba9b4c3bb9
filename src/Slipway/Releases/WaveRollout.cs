using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Verification;

namespace Slipway.Releases;

/// <summary>
/// A deploy in the environment's waves (catalog <c>waves</c>), for <see cref="Rollout"/>: wave by wave, each deployed and
/// verified (or health-checked) before the next starts; the first failure stops the rollout, rolls the failed wave back to what
/// the ledger says ran on each of its targets before (the earlier waves too with <c>rollBackEarlierWaves</c>) and fails naming
/// the wave. Each wave is its own ledger entry, naming its targets.
/// </summary>
public static class WaveRollout
{
    /// <summary>The environment's waves for <paramref name="action"/>; null when it rolls in one step (no waves, one wave, or a rollback).</summary>
    public static IReadOnlyList<IReadOnlyList<string>>? PlanFor(ChainContext ctx, string action)
    {
        var environment = ctx.Target;
        if (action == LedgerActions.Rollback || environment.Spec.Waves is null) return null;
        var waves = WavePlan.Split(environment.Name, environment.Mode.WaveTargets(environment.Spec), environment.Spec.Waves);
        return waves.Count > 1 ? waves : null;
    }

    /// <summary>Dry run: the waves in order, then what each would do.</summary>
    public static async Task DescribeAsync(ChainContext ctx, IDeployMode mode, DeployInput input, IReadOnlyList<IReadOnlyList<string>> waves, CancellationToken ct)
    {
        ctx.Log.Info($"[{input.Service}] would roll {ctx.Environment} in {waves.Count} waves, each only after the one before " +
                     $"{(input.Settings.Verification is null ? "passed its health check" : "verified")}:");
        for (var i = 0; i < waves.Count; i++) ctx.Log.Info($"  wave {i + 1}: {string.Join(", ", waves[i])}");
        ctx.Log.Info($"  on the first failure: stop, roll the failed wave back to what ran before on each of its targets" +
                     (ctx.Target.Spec.RollBackEarlierWaves ? ", and the waves before it (rollBackEarlierWaves)" : " (the waves before it keep the new version)"));
        for (var i = 0; i < waves.Count; i++)
        {
            ctx.Log.Info($"[{input.Service}] wave {i + 1} of {waves.Count}:");
            var wave = input with { Targets = waves[i] };
            await mode.DescribeAsync(ctx, wave, ct);
            await PostDeployVerification.DescribeAsync(ctx, mode, wave, ct);
        }
    }

    /// <summary>Runs the waves; <paramref name="deployAndVerify"/> deploys, verifies and records one wave.</summary>
    /// <returns>The last wave's verification (null when the environment has none).</returns>
    public static async Task<VerificationOutcome?> RunAsync(ChainContext ctx, IDeployMode mode, DeployInput input,
        IReadOnlyList<IReadOnlyList<string>> waves, Func<DeployInput, Task<VerificationOutcome?>> deployAndVerify, CancellationToken ct)
    {
        // What ran before on each target is read before the first wave: the later waves' rollbacks must not find this rollout's entries.
        var before = await ReleaseLedgers.For(ctx, ctx.Environment).HistoryAsync(input.Service, ctx.Environment, ct);
        VerificationOutcome? last = null;
        for (var i = 0; i < waves.Count; i++)
        {
            var wave = input with { Targets = waves[i] };
            var name = $"wave {i + 1} of {waves.Count} ({string.Join(", ", waves[i])})";
            ctx.Log.Info($"[{input.Service}] {ctx.Environment}: {name}: deploying {input.Tag}");
            try
            {
                last = await deployAndVerify(wave);
                ctx.Log.Info($"[{input.Service}] {ctx.Environment}: {name}: {(last is null ? "healthy" : "verified")}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw await FailedWaveAsync(ctx, mode, input, waves, i, name, before, e, ct);
            }
        }
        return last;
    }

    private static async Task<SlipwayException> FailedWaveAsync(ChainContext ctx, IDeployMode mode, DeployInput input,
        IReadOnlyList<IReadOnlyList<string>> waves, int failed, string name, IReadOnlyList<LedgerEntry> before, Exception failure, CancellationToken ct)
    {
        var why = $"{name} of {input.Tag} failed";
        var (outcome, error) = await AutomaticRollback.RestoreAsync(ctx, mode, input with { Targets = waves[failed] }, before, why, ct);
        var earlierTargets = waves.Take(failed).SelectMany(w => w).ToList();
        if (earlierTargets.Count > 0)
        {
            if (ctx.Target.Spec.RollBackEarlierWaves)
            {
                var (earlierOutcome, earlierError) = await AutomaticRollback.RestoreAsync(ctx, mode, input with { Targets = earlierTargets }, before, why, ct);
                outcome += " Earlier waves: " + earlierOutcome;
                error ??= earlierError;
            }
            else outcome += $" The earlier waves keep {input.Tag}: {string.Join(", ", earlierTargets)} (rollBackEarlierWaves is off).";
        }
        var untouched = waves.Skip(failed + 1).SelectMany(w => w).ToList();
        if (untouched.Count > 0) outcome += $" Not touched: {string.Join(", ", untouched)}.";
        var what = failure is VerificationFailedException verification ? verification.Summary : failure.Message.TrimEnd('.') + ".";
        return new SlipwayException($"[{input.Service}] {ctx.Environment}: rollout stopped at {name}: {what} {outcome} " +
                                    $"Fix: see the checks and logs above, then deploy again.", error ?? failure);
    }
}
