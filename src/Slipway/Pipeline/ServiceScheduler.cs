using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Pipeline;

/// <summary>
/// Runs one step for several services at the same time, at most <c>maxParallel</c> at once; each service's own
/// work stays sequential inside its step. After a failure no further service starts (those running finish, so no
/// rollout is cut in half); the failures are reported together, each naming its service.
/// </summary>
public static class ServiceScheduler
{
    /// <summary>Runs <paramref name="step"/> for every run; throws <see cref="SlipwayException"/> listing the failed services.</summary>
    public static async Task RunAsync(IReadOnlyList<ServiceRun> runs, int maxParallel, Func<ServiceRun, CancellationToken, Task> step,
        CancellationToken ct = default)
    {
        if (maxParallel < 1) throw new ArgumentOutOfRangeException(nameof(maxParallel), maxParallel, "at least 1");
        using var gate = new SemaphoreSlim(maxParallel);
        var failures = new List<(string Service, Exception Error)>();
        var stop = false;

        async Task RunOne(ServiceRun run)
        {
            await gate.WaitAsync(ct);
            try
            {
                lock (failures) if (stop) return;
                await step(run, ct);
            }
            catch (Exception e)
            {
                lock (failures) { failures.Add((run.Service, e)); stop = true; }
            }
            finally { gate.Release(); }
        }

        await Task.WhenAll(runs.Select(RunOne));
        if (failures.Count == 0) return;
        if (failures.Count == 1 && failures[0].Error is SlipwayException only) throw only;
        if (failures.All(f => f.Error is OperationCanceledException)) throw failures[0].Error;
        throw new SlipwayException(
            $"{failures.Count} services failed: " + string.Join(" | ", failures.Select(f => $"{f.Service}: {f.Error.Message}")),
            failures[0].Error);
    }

    /// <summary>The environment's limit: environments.&lt;env&gt;.maxParallel ?? defaults.maxParallel; 1 in a dry run (readable output).</summary>
    public static int MaxParallel(ChainContext ctx) =>
        ctx.DryRun ? 1 : ctx.Target.Spec.MaxParallel ?? ctx.Catalog.Defaults.MaxParallel;
}
