using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>
/// Promotion of the same image within one registry and across two: Slipway's ImageCopier vs docker
/// pull/tag/push vs skopeo copy. All three talk to the registries through counting proxies.
/// </summary>
public static class PromotionBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs)
    {
        var result = new BenchmarkResult("promotion");
        await using var registryA = await TestRegistry.StartAsync();
        using var proxyA = new TcpProxy(registryA.Port);
        var chain = await BenchChain.CreateAsync(repoRoot, Path.Combine(work, "promotion"), registryA.Url);
        var log = new QuietLog();
        ServiceRun built;
        using (var ctx = chain.Context(new WorkspacePaths(Path.Combine(work, "promotion", "state")), log))
            built = await chain.BuildAndPushAsync(ctx);
        var srcRepo = built.Settings.RepositoryPath;
        var srcTag = built.Tag!;
        Console.WriteLine($"promotion: built {srcRepo}:{srcTag} = {built.Digest}");

        using (var reader = new RegistryClient(registryA.Url, insecure: true))
        {
            var manifest = ManifestModel.Parse(await reader.GetManifestAsync(srcRepo, srcTag));
            result.Facts["imageDigest"] = built.Digest!;
            result.Facts["imageBytes"] = manifest.Blobs.Sum(b => b.Size);
            result.Facts["layers"] = manifest.Layers.Count;
            result.Facts["appLayerBytes"] = built.Image!.Layers.Sum(l => l.Size);
        }

        var slipwaySame = result.Add("slipway-same-registry", "ImageCopier.CopyAsync to a fresh repository:tag in the same registry (blob mounts)");
        var dockerSame = result.Add("docker-same-registry", "docker rmi; docker pull; docker tag; docker push to a fresh repository:tag in the same registry");
        var skopeoSame = result.Add("skopeo-same-registry", "skopeo copy docker:// -> docker:// to a fresh repository:tag in the same registry");
        var slipwaySecond = result.Add("slipway-second-promotion", "ImageCopier again to a target that already holds the image (every blob present, new tag)");
        var slipwayCross = result.Add("slipway-cross-registry", "ImageCopier to a fresh second registry (missing blobs streamed)");
        var dockerCross = result.Add("docker-cross-registry", "docker rmi; docker pull; docker tag; docker push to a fresh second registry");
        var skopeoCross = result.Add("skopeo-cross-registry", "skopeo copy to a fresh second registry");

        var srcRef = $"{proxyA.Host}/{srcRepo}:{srcTag}";
        // run 0 is a warm-up (discarded): the engine learns which base layers it already holds, caches fill
        for (var run = 0; run <= runs; run++)
        {
            Console.WriteLine($"promotion: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
            var keep = run > 0;

            // within one registry
            {
                using var client = new RegistryClient(proxyA.Url, insecure: true);
                proxyA.Reset();
                CopyResult copy = null!;
                var s = await Timing.SecondsAsync(async () =>
                    copy = await new ImageCopier().CopyAsync(client, srcRepo, srcTag, client, $"bench/promo-slipway-{run}", "promoted"));
                if (keep) slipwaySame.Samples.Add(new Sample(run, s, proxyA.Up, proxyA.Down, new()
                {
                    ["bytesCopied"] = copy.BytesCopied, ["blobsMounted"] = copy.BlobsMounted, ["blobsCopied"] = copy.BlobsCopied,
                }));

                proxyA.Reset();
                s = await Timing.SecondsAsync(async () =>
                    copy = await new ImageCopier().CopyAsync(client, srcRepo, srcTag, client, $"bench/promo-slipway-{run}", "again"));
                if (keep) slipwaySecond.Samples.Add(new Sample(run, s, proxyA.Up, proxyA.Down, new()
                {
                    ["bytesCopied"] = copy.BytesCopied, ["blobsSkipped"] = copy.BlobsSkipped,
                }));
            }
            {
                var target = $"{proxyA.Host}/bench/promo-docker-{run}:promoted";
                await Tools.TryAsync(Tools.Docker, "rmi", srcRef);
                proxyA.Reset();
                var s = await Timing.SecondsAsync(() => DockerPromoteAsync(srcRef, target));
                if (keep) dockerSame.Samples.Add(new Sample(run, s, proxyA.Up, proxyA.Down));
                await Tools.TryAsync(Tools.Docker, "rmi", target, srcRef);
            }
            {
                proxyA.Reset();
                var s = await Timing.SecondsAsync(() => SkopeoCopyAsync(srcRef, $"{proxyA.Host}/bench/promo-skopeo-{run}:promoted"));
                if (keep) skopeoSame.Samples.Add(new Sample(run, s, proxyA.Up, proxyA.Down));
            }

            // across two registries: a fresh target registry for each tool and run
            {
                await using var registryB = await TestRegistry.StartAsync();
                using var proxyB = new TcpProxy(registryB.Port);
                using var src = new RegistryClient(proxyA.Url, insecure: true);
                using var dst = new RegistryClient(proxyB.Url, insecure: true);
                proxyA.Reset();
                CopyResult copy = null!;
                var s = await Timing.SecondsAsync(async () =>
                    copy = await new ImageCopier().CopyAsync(src, srcRepo, srcTag, dst, srcRepo, "promoted"));
                if (keep) slipwayCross.Samples.Add(new Sample(run, s, proxyA.Up + proxyB.Up, proxyA.Down + proxyB.Down, new()
                {
                    ["bytesCopied"] = copy.BytesCopied, ["blobsCopied"] = copy.BlobsCopied,
                    ["sourceRegistryBytes"] = proxyA.Total, ["targetRegistryBytes"] = proxyB.Total,
                }));
            }
            {
                await using var registryB = await TestRegistry.StartAsync();
                using var proxyB = new TcpProxy(registryB.Port);
                var target = $"{proxyB.Host}/{srcRepo}:promoted";
                await Tools.TryAsync(Tools.Docker, "rmi", srcRef);
                proxyA.Reset();
                var s = await Timing.SecondsAsync(() => DockerPromoteAsync(srcRef, target));
                if (keep) dockerCross.Samples.Add(new Sample(run, s, proxyA.Up + proxyB.Up, proxyA.Down + proxyB.Down, new()
                {
                    ["sourceRegistryBytes"] = proxyA.Total, ["targetRegistryBytes"] = proxyB.Total,
                }));
                await Tools.TryAsync(Tools.Docker, "rmi", target, srcRef);
            }
            {
                await using var registryB = await TestRegistry.StartAsync();
                using var proxyB = new TcpProxy(registryB.Port);
                proxyA.Reset();
                var s = await Timing.SecondsAsync(() => SkopeoCopyAsync(srcRef, $"{proxyB.Host}/{srcRepo}:promoted"));
                if (keep) skopeoCross.Samples.Add(new Sample(run, s, proxyA.Up + proxyB.Up, proxyA.Down + proxyB.Down, new()
                {
                    ["sourceRegistryBytes"] = proxyA.Total, ["targetRegistryBytes"] = proxyB.Total,
                }));
            }
        }
        await Tools.TryAsync(Tools.Docker, "rmi", srcRef);
        return result;
    }

    private static async Task DockerPromoteAsync(string source, string target)
    {
        await Tools.RunAsync(Tools.Docker, "pull", "-q", source);
        await Tools.RunAsync(Tools.Docker, "tag", source, target);
        await Tools.RunAsync(Tools.Docker, "push", "-q", target);
    }

    private static Task SkopeoCopyAsync(string source, string target) =>
        Tools.RunAsync("skopeo", "copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"docker://{source}", $"docker://{target}");
}
