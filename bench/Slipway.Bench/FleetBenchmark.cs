using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// Deploy of a fleet of services generated from the greeting sample (docker mode, this engine) through the build
/// host's command line, concurrency 1 vs the default maxParallel: wall time and peak memory of the pipeline process
/// (`/usr/bin/time -v`, maximum resident set size). One image is built and pushed, then copied to every
/// service's repository (untimed); before each measured
/// Deploy the fleet's containers are removed, so every Deploy starts every container.
/// </summary>
public static class FleetBenchmark
{
    private const string Environment = "benchfleet";

    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs, int size)
    {
        var result = new BenchmarkResult($"fleet-{size}");
        var folder = Path.Combine(work, $"fleet-{size}");
        await using var registry = await TestRegistry.StartAsync();
        var sample = await BenchChain.CreateAsync(repoRoot, folder, registry.Url);
        var services = FleetCatalog.ServiceNames(size);
        var ports = services.ToDictionary(s => s, _ => FreePort.Next());
        var (serial, parallel) = FleetCatalog.WriteSerialAndDefault(folder, repoRoot, sample.SourcePath, registry.Url, Environment,
            FleetCatalog.DockerEnvironment(), services, ports);
        var deploy = new FleetDeploy(repoRoot, Environment, Path.Combine(folder, "state"));
        try
        {
            await deploy.PrepareAsync(result, "docker", serial, registry.Url, services);
            await deploy.MeasureAsync(result, size, runs, serial, parallel, () => RemoveContainersAsync(services));
        }
        finally
        {
            await RemoveContainersAsync(services);
            var images = await Tools.OutputAsync(Tools.Docker, "images", "--format", "{{.ID}} {{.Repository}}");
            foreach (var id in images.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                         .Select(l => l.Split(' ')).Where(p => p.Length == 2 && p[1].StartsWith(registry.Host + "/", StringComparison.Ordinal)).Select(p => p[0]).Distinct())
                await Tools.TryAsync(Tools.Docker, "rmi", "-f", id);
        }
        return result;
    }

    // One `docker rm -f` for the whole fleet: the CLI removes them in parallel (a vfs rootfs takes seconds to delete).
    // Names that do not exist make it exit non-zero after removing the others, hence TryAsync.
    private static Task RemoveContainersAsync(IEnumerable<string> services) =>
        Tools.TryAsync(Tools.Docker, ["rm", "-f", .. services.Select(s => $"{s}.{Environment}")]);
}
