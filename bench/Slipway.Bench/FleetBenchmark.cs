using System.Diagnostics;
using System.Text.Json.Nodes;
using Slipway.Processes;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// Deploy of a fleet of services generated from the greeting sample (docker mode, this engine) through the build
/// host's command line, concurrency 1 vs the default maxParallel: wall time and peak memory of the pipeline process
/// (`/usr/bin/time -v`, maximum resident set size). Images are built and pushed once (untimed); before each measured
/// Deploy the fleet's containers are removed, so every Deploy starts every container.
/// </summary>
public static class FleetBenchmark
{
    private const string Environment = "benchfleet";

    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs, int size)
    {
        var result = new BenchmarkResult($"fleet-{size}");
        var folder = Path.Combine(work, $"fleet-{size}");
        await using var registry = await LocalRegistryServer.StartForTestAsync();
        var sample = await BenchChain.CreateAsync(repoRoot, folder, registry.Url);
        var services = Enumerable.Range(1, size).Select(i => $"fleet-{i:00}").ToArray();
        var ports = services.ToDictionary(s => s, _ => LocalRegistryServer.FreePort());
        var serial = WriteCatalog(Path.Combine(folder, "fleet-serial.json"), repoRoot, sample.SourcePath, registry.Url, services, ports, 1);
        var parallel = WriteCatalog(Path.Combine(folder, "fleet-default.json"), repoRoot, sample.SourcePath, registry.Url, services, ports, null);
        var state = Path.Combine(folder, "state");
        var host = Directory.EnumerateFiles(Path.Combine(repoRoot, "build", "bin"), "_build.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        result.Facts["services"] = size;
        result.Facts["defaultMaxParallel"] = 4;
        result.Facts["command"] = $"/usr/bin/time -v dotnet {Path.GetRelativePath(repoRoot, host)} Deploy --env {Environment} --catalog <generated> --state-directory <state> --skip Setup";
        var serialScenario = result.Add("deploy-maxParallel-1", $"Deploy of {size} services, maxParallel 1");
        var parallelScenario = result.Add("deploy-maxParallel-default", $"Deploy of {size} services, maxParallel default (4)");
        try
        {
            Console.WriteLine($"{result.Benchmark}: building and pushing {size} images once (untimed)");
            await HostAsync("dotnet", repoRoot, [host, "Push", "--env", Environment, "--catalog", serial, "--state-directory", state, "--skip", "Setup"]);
            for (var run = 0; run <= runs; run++)
            {
                Console.WriteLine($"{result.Benchmark}: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
                foreach (var (catalog, scenario) in new[] { (serial, serialScenario), (parallel, parallelScenario) })
                {
                    await RemoveContainersAsync(services);
                    var sw = Stopwatch.StartNew();
                    var output = await HostAsync("/usr/bin/time", repoRoot,
                        ["-v", "dotnet", host, "Deploy", "--env", Environment, "--catalog", catalog, "--state-directory", state, "--skip", "Setup"]);
                    var seconds = sw.Elapsed.TotalSeconds;
                    var rssKb = output.Split('\n').Where(l => l.Contains("Maximum resident set size")).Select(l => long.Parse(l.Split(':')[1].Trim())).First();
                    if (run > 0) scenario.Samples.Add(new Sample(run, seconds, 0, 0, new() { ["peakRssBytes"] = rssKb * 1024 }));
                    Console.WriteLine($"{result.Benchmark}: {scenario.Name}: {seconds:F1} s, peak RSS {rssKb / 1024} MiB");
                }
            }
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

    private static async Task<string> HostAsync(string program, string repoRoot, string[] args)
    {
        var r = await ProcessRunner.RunAsync(program, args, repoRoot, options: new ProcessRunOptions { TailLines = 400 });
        r.EnsureSuccess();
        return r.StandardOutputText + "\n" + r.StandardErrorText;
    }

    private static async Task RemoveContainersAsync(IEnumerable<string> services)
    {
        foreach (var s in services) await Tools.TryAsync(Tools.Docker, "rm", "-f", $"{s}.{Environment}");
    }

    private static string WriteCatalog(string path, string repoRoot, string source, string registryUrl, string[] services,
        Dictionary<string, int> ports, int? maxParallel)
    {
        var env = new JsonObject
        {
            ["registry"] = "bench", ["mode"] = "docker",
            ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
            {
                ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
            }) },
        };
        if (maxParallel is { } m) env["maxParallel"] = m;
        var serviceNodes = new JsonObject();
        foreach (var s in services)
            serviceNodes[s] = new JsonObject
            {
                ["repository"] = source, ["branch"] = "main",
                ["build"] = new JsonObject
                {
                    ["type"] = "module", ["module"] = "greeting-web",
                    ["settings"] = Path.Combine(repoRoot, "samples", "maven", "settings.xml"),
                },
                ["war"] = "greeting-web/target/greeting-web.war",
                ["port"] = ports[s],
                ["heap"] = new JsonObject { ["xms"] = "32m", ["xmx"] = "128m" },
                ["environments"] = new JsonObject { [Environment] = new JsonObject { ["conf"] = "local" } },
            };
        var catalog = new JsonObject
        {
            ["registries"] = new JsonObject { ["bench"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = "bench", ["insecure"] = true } },
            ["baseImages"] = new JsonObject
            {
                ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm", ["recipe"] = Path.Combine(repoRoot, "images", "base") },
            },
            ["defaults"] = new JsonObject { ["baseImage"] = "tomcat", ["healthTimeoutSeconds"] = 180, ["stopTimeoutSeconds"] = 20 },
            ["environments"] = new JsonObject { [Environment] = env },
            ["services"] = serviceNodes,
        };
        File.WriteAllText(path, catalog.ToJsonString());
        return path;
    }
}
