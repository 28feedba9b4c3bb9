using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// The chain Checkout..Push: cold (fresh state folder, fresh registry) vs an unchanged commit (build-once reuse),
/// then a one-line Java change: bytes pushed vs image size, beside a naive one-layer Dockerfile pushed with docker.
/// </summary>
public static class RebuildBenchmark
{
    /// <param name="assetBytes">0: the greeting sample as is; else with that many bytes of generated static assets (the "rebuild-assets" variant).</param>
    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs, int assetBytes = 0)
    {
        var result = new BenchmarkResult(assetBytes == 0 ? "rebuild" : "rebuild-assets");
        result.Facts["sample"] = assetBytes == 0 ? "samples/greeting as is" : $"samples/greeting plus {assetBytes >> 20} MiB of generated static assets (base64 text) in greeting-web's webapp";
        var cold = result.Add("slipway-cold", "Checkout..Push with a fresh state folder and a fresh registry (clone, Maven, explode, assemble, push base + app layers)");
        var warm = result.Add("slipway-unchanged-commit", "Checkout..Push again on the same commit: the registry holds the build key, nothing is built or pushed");
        var change = result.Add("slipway-one-line-change", "Checkout..Push after committing a one-line change to a servlet");
        var naive = result.Add("naive-dockerfile-one-line-change", "docker build (FROM base + COPY exploded app in one layer) and docker push of the same changed app");
        var hosts = new List<string>();
        try
        {
            // run 0 is a warm-up (discarded): Maven's and the engine's caches, the JIT
            for (var run = 0; run <= runs; run++)
            {
                Console.WriteLine($"{result.Benchmark}: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
                var keep = run > 0;
                var folder = Path.Combine(work, $"{result.Benchmark}-{run}");
                await using var registry = await TestRegistry.StartAsync();
                using var proxy = new TcpProxy(registry.Port);
                hosts.Add(proxy.Host);
                var chain = await BenchChain.CreateAsync(repoRoot, folder, proxy.Url, assetBytes);
                var paths = new WorkspacePaths(Path.Combine(folder, "state"));

                // cold
                ServiceRun first = null!;
                proxy.Reset();
                var s = await Timing.SecondsAsync(async () =>
                {
                    using var ctx = chain.Context(paths, new QuietLog());
                    first = await chain.BuildAndPushAsync(ctx);
                });
                if (keep) cold.Samples.Add(new Sample(run, s, proxy.Up, proxy.Down));
                var naiveApp = Path.Combine(folder, "naive", "app");
                CopyDirectory(first.ExplodedDirectory!, naiveApp);

                // unchanged commit
                ServiceRun again = null!;
                proxy.Reset();
                s = await Timing.SecondsAsync(async () =>
                {
                    using var ctx = chain.Context(paths, new QuietLog());
                    again = await chain.BuildAndPushAsync(ctx);
                });
                if (!again.Reused) throw new InvalidOperationException("the unchanged commit was rebuilt: build-once reuse did not happen");
                if (keep) warm.Samples.Add(new Sample(run, s, proxy.Up, proxy.Down));

                // naive baseline: the unchanged app as one layer, pushed once (untimed)
                var naiveRepo = $"{proxy.Host}/bench/naive-greeting";
                await NaiveBuildAsync(Path.Combine(folder, "naive"), $"{naiveRepo}:v1");
                await Tools.RunAsync(Tools.Docker, "push", "-q", $"{naiveRepo}:v1");

                // one-line change
                await chain.CommitOneLineChangeAsync($"run {run}");
                ServiceRun changed = null!;
                long pushedByClient = 0;
                var changeLog = new QuietLog();
                proxy.Reset();
                s = await Timing.SecondsAsync(async () =>
                {
                    using var ctx = chain.Context(paths, changeLog);
                    changed = await chain.BuildAndPushAsync(ctx);
                    pushedByClient = ctx.Registry("bench").Transfer.BytesSent;
                });
                if (changed.Reused) throw new InvalidOperationException("the changed commit was not rebuilt");
                var imageBytes = changed.Image!.Base.Layers.Sum(l => l.Size) + changed.Image.Layers.Sum(l => l.Size) + changed.Image.Config.LongLength;
                var blobs = changeLog.Lines.LastOrDefault(l => l.Contains("] blobs: "));
                Console.WriteLine($"rebuild: one-line change: {blobs}");
                if (keep) change.Samples.Add(new Sample(run, s, proxy.Up, proxy.Down, new()
                {
                    ["imageBytes"] = imageBytes,
                    ["appLayersBytes"] = changed.Image.Layers.Sum(l => l.Size),
                    ["registryClientBytesSent"] = pushedByClient,
                }));

                // naive: the same changed app, one layer
                Directory.Delete(naiveApp, recursive: true);
                CopyDirectory(changed.ExplodedDirectory!, naiveApp);
                proxy.Reset();
                s = await NaiveBuildAsync(Path.Combine(folder, "naive"), $"{naiveRepo}:v2");
                s += await Timing.SecondsAsync(() => Tools.RunAsync(Tools.Docker, "push", "-q", $"{naiveRepo}:v2"));
                var naiveSize = long.Parse(await Tools.OutputAsync(Tools.Docker, "image", "inspect", "--format", "{{.Size}}", $"{naiveRepo}:v2"));
                if (keep) naive.Samples.Add(new Sample(run, s, proxy.Up, proxy.Down, new() { ["uncompressedImageBytes"] = naiveSize }));
                await Tools.TryAsync(Tools.Docker, "rmi", $"{naiveRepo}:v1", $"{naiveRepo}:v2");
                if (run == runs)
                {
                    result.Facts["imageBytes"] = imageBytes;
                    result.Facts["pushAfterChange"] = blobs ?? "?";
                    result.Facts["appLayers"] = string.Join(", ", changed.Image.Layers.Select(l => $"{l.Name} {l.Size} B"));
                    result.Facts["explodedAppBytes"] = Directory.EnumerateFiles(naiveApp, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                }
            }
        }
        finally
        {
            await RemoveImagesAsync(hosts);
        }
        return result;
    }

    /// <summary>
    /// Builds the naive image; returns the seconds of the successful attempt. Retries because the engine is shared:
    /// another user's `docker image prune` can delete the new image between its build and its tag ("failed to get digest").
    /// </summary>
    private static async Task<double> NaiveBuildAsync(string context, string tag)
    {
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
            "FROM slipway/tomcat10-jre17:bookworm\nCOPY app /var/lib/tomcat10/webapps/ROOT\n");
        for (var attempt = 1; ; attempt++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = await Slipway.Processes.ProcessRunner.RunAsync(Tools.Docker, ["build", "-q", "--network", "host", "-t", tag, context]);
            if (r.Succeeded) return sw.Elapsed.TotalSeconds;
            if (attempt == 3 || !r.StandardErrorText.Contains("failed to get digest")) r.EnsureSuccess();
            Console.WriteLine($"rebuild: docker build lost its image to a concurrent prune; attempt {attempt + 1}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Removes every engine image tagged for one of this benchmark's registries.</summary>
    private static async Task RemoveImagesAsync(List<string> hosts)
    {
        var all = await Tools.OutputAsync(Tools.Docker, "images", "--format", "{{.Repository}}:{{.Tag}}");
        foreach (var image in all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(i => hosts.Any(h => i.StartsWith(h + "/", StringComparison.Ordinal))))
            await Tools.TryAsync(Tools.Docker, "rmi", image);
    }
}
