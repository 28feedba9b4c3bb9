using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// A second service's first promotion into a registry that already holds its base image's layers in another repository
/// (the first service's promotion brought them): Slipway mounts them from there (<see cref="CopyOptions.MountFrom"/>, as
/// Promote does with <c>MountSources</c>) and streams only the app layers and the config; side by side, the same copy
/// without mount sources streams the whole image, as before.
/// </summary>
public static class SecondServicePromotionBenchmark
{
    private const string FirstService = "bench/first-service";

    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs)
    {
        var result = new BenchmarkResult("promotion-second-service");
        await using var registryA = await TestRegistry.StartAsync();
        using var proxyA = new TcpProxy(registryA.Port);
        var chain = await BenchChain.CreateAsync(repoRoot, Path.Combine(work, "promotion-second-service"), registryA.Url);
        ServiceRun built;
        using (var ctx = chain.Context(new WorkspacePaths(Path.Combine(work, "promotion-second-service", "state")), new QuietLog()))
            built = await chain.BuildAndPushAsync(ctx);
        var srcRepo = built.Settings.RepositoryPath;
        var srcTag = built.Tag!;
        var baseLayers = built.Image!.Base.Layers;
        using (var reader = new RegistryClient(registryA.Url, insecure: true))
        {
            var manifest = ManifestModel.Parse(await reader.GetManifestAsync(srcRepo, srcTag));
            result.Facts["imageDigest"] = built.Digest!;
            result.Facts["imageBytes"] = manifest.Blobs.Sum(b => b.Size);
            result.Facts["blobs"] = manifest.Blobs.Count();
            result.Facts["baseLayerBytes"] = baseLayers.Sum(l => l.Size);
        }

        var mounting = result.Add("slipway-mount-from-target", "ImageCopier with MountFrom = [the first service's repository]: base layers mounted there, the rest streamed");
        var streaming = result.Add("slipway-without-mount-sources", "ImageCopier without mount sources (before): every blob the target repository lacks is streamed");
        for (var run = 0; run <= runs; run++)
        {
            Console.WriteLine($"promotion-second-service: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
            foreach (var (scenario, mountFrom) in new[] { (mounting, new[] { FirstService }), (streaming, Array.Empty<string>()) })
            {
                await using var registryB = await TestRegistry.StartAsync();
                using var proxyB = new TcpProxy(registryB.Port);
                using var src = new RegistryClient(proxyA.Url, insecure: true);
                using var dst = new RegistryClient(proxyB.Url, insecure: true);
                foreach (var layer in baseLayers) // untimed: what the first service's promotion left in registry B
                    await dst.UploadBlobAsync(FirstService, layer.Digest, ct => src.OpenBlobAsync(srcRepo, layer.Digest, ct), layer.Size);
                proxyA.Reset();
                proxyB.Reset();
                CopyResult copy = null!;
                var s = await Timing.SecondsAsync(async () => copy = await new ImageCopier().CopyAsync(src, srcRepo, srcTag, dst,
                    "bench/second-service", "promoted", new CopyOptions { MountFrom = mountFrom }));
                if (run > 0) scenario.Samples.Add(new Sample(run, s, proxyA.Up + proxyB.Up, proxyA.Down + proxyB.Down, new()
                {
                    ["bytesCopied"] = copy.BytesCopied, ["blobsCopied"] = copy.BlobsCopied, ["blobsMounted"] = copy.BlobsMounted,
                    ["sourceRegistryBytes"] = proxyA.Total, ["targetRegistryBytes"] = proxyB.Total,
                }));
            }
        }
        return result;
    }
}
