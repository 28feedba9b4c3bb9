using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Pipeline;

namespace Slipway.Tests.Deploy;

/// <summary>Services deploy concurrently up to the limit; each one's own steps stay in order; failures name the service.</summary>
public sealed class ServiceSchedulerTests
{
    private static List<ServiceRun> Runs(int count)
    {
        var catalog = ShippedCatalog.Load();
        return catalog.ServicesEnabledIn("develop").Take(count).Select(s => new ServiceRun(s, catalog.Resolve(s, "develop"))).ToList();
    }

    [Fact]
    public async Task At_most_max_parallel_services_run_at_once_and_each_services_steps_stay_ordered()
    {
        var runs = Runs(6);
        var running = 0;
        var peak = 0;
        var steps = new List<string>();
        var threeRunning = new TaskCompletionSource();

        await ServiceScheduler.RunAsync(runs, 3, async (run, _) =>
        {
            var now = Interlocked.Increment(ref running);
            lock (steps) { peak = Math.Max(peak, now); steps.Add(run.Service + ":host-1"); }
            if (now == 3) threeRunning.TrySetResult();
            // The first three wait until all three are in: proves they overlap, without sleeping.
            await threeRunning.Task.WaitAsync(TimeSpan.FromSeconds(10));
            lock (steps) steps.Add(run.Service + ":host-2");
            Interlocked.Decrement(ref running);
        });

        Assert.Equal(3, peak);
        foreach (var run in runs)
            Assert.True(steps.IndexOf(run.Service + ":host-1") < steps.IndexOf(run.Service + ":host-2"));
        Assert.Equal(12, steps.Count);
    }

    [Fact]
    public async Task After_a_failure_no_further_service_starts_and_the_error_names_the_service()
    {
        var runs = Runs(4);
        var started = new List<string>();

        var error = await Assert.ThrowsAsync<SlipwayException>(() => ServiceScheduler.RunAsync(runs, 1, (run, _) =>
        {
            started.Add(run.Service);
            if (started.Count == 2) throw new SlipwayException($"rollout of {run.Service} stopped at host 'dev-docker-1'");
            return Task.CompletedTask;
        }));

        Assert.Equal(2, started.Count);
        Assert.Contains(runs[1].Service, error.Message);
    }

    [Fact]
    public void The_limit_comes_from_the_environment_then_the_defaults_and_is_one_in_a_dry_run()
    {
        var catalog = ShippedCatalog.Load() with { };
        var withLimit = catalog with
        {
            Environments = new Dictionary<string, EnvironmentSpec>(catalog.Environments)
            {
                ["develop"] = catalog.Environments["develop"] with { MaxParallel = 2 },
            },
        };
        ChainContext Ctx(Slipway.Catalog.Catalog c, string env, bool dryRun) => new()
        {
            Catalog = c, Environment = env, Log = new MemoryBuildLog(), Paths = new WorkspacePaths("/nonexistent"), RecipeRoot = "/", DryRun = dryRun,
        };
        Assert.Equal(2, ServiceScheduler.MaxParallel(Ctx(withLimit, "develop", false)));
        Assert.Equal(catalog.Defaults.MaxParallel, ServiceScheduler.MaxParallel(Ctx(catalog, "test", false)));
        Assert.Equal(1, ServiceScheduler.MaxParallel(Ctx(withLimit, "develop", true)));
    }
}
