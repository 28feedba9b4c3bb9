using System.Diagnostics;
using Slipway.Processes;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// The measured and untimed commands of the fleet benchmarks: the build host's own command line (the newest
/// <c>build/bin/**/_build.dll</c>), Deploy under <c>/usr/bin/time -v</c> for the peak resident set size.
/// </summary>
public sealed class FleetDeploy(string repoRoot, string environment, string state)
{
    /// <summary>The build host assembly the commands run.</summary>
    public string Host { get; } = Directory.EnumerateFiles(Path.Combine(repoRoot, "build", "bin"), "_build.dll", SearchOption.AllDirectories)
        .OrderByDescending(File.GetLastWriteTimeUtc).First();

    /// <summary>How a measured Deploy is run, for the results file.</summary>
    public string Describe() =>
        $"/usr/bin/time -v dotnet {Path.GetRelativePath(repoRoot, Host)} Deploy --env {environment} --catalog <generated> --state-directory <state> --skip Setup";

    /// <summary>Builds and pushes the image of every service (or of <paramref name="service"/> only) once (untimed).</summary>
    public Task PushAsync(string catalog, string? service = null) =>
        RunAsync("dotnet", [Host, "Push", "--env", environment, "--catalog", catalog, "--state-directory", state, "--skip", "Setup",
            .. service is null ? Array.Empty<string>() : ["--service", service]]);

    /// <summary>
    /// Builds and pushes the first service's image (untimed), then copies every tag of its repository (the build key and the version tag) copied to every other service's
    /// repository with the promotion primitive (blob mounts): one Maven build instead of N. The Deploy's reuse check
    /// finds the build key in each repository, as if each service had been built from the same commit.
    /// </summary>
    public async Task PushOnceAsync(string catalog, string registryUrl, IReadOnlyList<string> services)
    {
        await PushAsync(catalog, services[0]);
        using var client = new RegistryClient(registryUrl, insecure: true);
        var source = $"bench/{services[0]}";
        var tags = await client.ListTagsAsync(source);
        var copier = new ImageCopier();
        foreach (var service in services.Skip(1))
            foreach (var tag in tags)
                await copier.CopyAsync(client, source, tag, client, $"bench/{service}", tag);
    }

    /// <summary>Records the fleet's facts for the results file, then pushes its one image (untimed, see <see cref="PushOnceAsync"/>).</summary>
    public async Task PrepareAsync(BenchmarkResult result, string mode, string serialCatalog, string registryUrl, IReadOnlyList<string> services)
    {
        result.Facts["mode"] = mode;
        result.Facts["services"] = services.Count;
        result.Facts["defaultMaxParallel"] = 4;
        result.Facts["command"] = Describe();
        Console.WriteLine($"{result.Benchmark}: building and pushing {services[0]} once, copying it to the other {services.Count - 1} repositories (untimed)");
        await PushOnceAsync(serialCatalog, registryUrl, services);
    }

    /// <summary>One measured Deploy of every service: wall time (s) and the pipeline process's peak RSS (bytes).</summary>
    public async Task<(double Seconds, long PeakRssBytes)> DeployAsync(string catalog)
    {
        var sw = Stopwatch.StartNew();
        var output = await RunAsync("/usr/bin/time",
            ["-v", "dotnet", Host, "Deploy", "--env", environment, "--catalog", catalog, "--state-directory", state, "--skip", "Setup"]);
        var seconds = sw.Elapsed.TotalSeconds;
        var rssKb = output.Split('\n').Where(l => l.Contains("Maximum resident set size")).Select(l => long.Parse(l.Split(':')[1].Trim())).First();
        return (seconds, rssKb * 1024);
    }

    /// <summary>
    /// One discarded warm-up run and <paramref name="runs"/> measured runs; in each run the serial catalog
    /// (maxParallel 1) and then the default one, each after <paramref name="reset"/> (untimed).
    /// </summary>
    public async Task MeasureAsync(BenchmarkResult result, int services, int runs, string serial, string parallel, Func<Task> reset,
        Action? verify = null)
    {
        var serialScenario = result.Add("deploy-maxParallel-1", $"Deploy of {services} services, maxParallel 1");
        var parallelScenario = result.Add("deploy-maxParallel-default", $"Deploy of {services} services, maxParallel default (4)");
        for (var run = 0; run <= runs; run++)
        {
            Console.WriteLine($"{result.Benchmark}: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
            foreach (var (catalog, scenario) in new[] { (serial, serialScenario), (parallel, parallelScenario) })
            {
                await reset();
                var (seconds, rss) = await DeployAsync(catalog);
                verify?.Invoke();
                if (run > 0) scenario.Samples.Add(new Sample(run, seconds, 0, 0, new() { ["peakRssBytes"] = rss }));
                Console.WriteLine($"{result.Benchmark}: {scenario.Name}: {seconds:F1} s, peak RSS {rss >> 20} MiB");
            }
            if (run > 0) result.Checkpoint();
        }
    }

    private async Task<string> RunAsync(string program, string[] args)
    {
        var r = await ProcessRunner.RunAsync(program, args, repoRoot, options: new ProcessRunOptions { TailLines = 400 });
        if (r.ExitCode != 0)
            // The host logs its errors to stdout; under /usr/bin/time the stderr tail is time's report only.
            Console.Error.WriteLine(string.Join('\n', r.StandardOutputText.Split('\n').TakeLast(60)));
        r.EnsureSuccess();
        return r.StandardOutputText + "\n" + r.StandardErrorText;
    }
}
