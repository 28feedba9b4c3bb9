using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Releases;
using Slipway.Verification;

namespace Slipway.Bench;

/// <summary>
/// What verification adds to a deploy: the greeting sample built and pushed once, then per run a plain deploy and a verified
/// deploy of the same digest (docker mode, this engine), each starting from no container, through Rollout as Deploy and
/// Promote run it. The verified catalog checks "/" (status, body, JSON value) and /metrics every 2 s for 10 s.
/// </summary>
public static class VerificationBenchmark
{
    private const int DurationSeconds = 10;

    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs)
    {
        var result = new BenchmarkResult("verification");
        var folder = Path.Combine(work, "verification");
        await using var registry = await TestRegistry.StartAsync();
        var sample = await BenchChain.CreateAsync(repoRoot, folder, registry.Url);
        var verified = WithVerification(sample, folder);
        var log = new QuietLog();
        var paths = new WorkspacePaths(Path.Combine(folder, "state"));
        var container = Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(BenchChain.Service, BenchChain.Environment);
        try
        {
            ServiceRun built;
            using (var ctx = sample.Context(paths, log)) built = await sample.BuildAndPushAsync(ctx);
            result.Facts["verification"] = $"{DurationSeconds}s, every 2s: GET / (200, body, $.conf) and /metrics (http_errors_total <= 0)";
            var plain = result.Add("deploy", "Rollout of the pushed digest, no verification, from no container");
            var checkedDeploy = result.Add("deploy + verification", $"the same with the catalog's verification ({DurationSeconds}s)");
            var ownTimes = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                Console.WriteLine($"verification: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
                foreach (var (scenario, catalog) in new[] { (plain, sample.Catalog), (checkedDeploy, verified) })
                {
                    await Tools.TryAsync(Tools.Docker, "rm", "-f", container);
                    using var ctx = new ChainContext { Catalog = catalog, Environment = BenchChain.Environment, Log = log, Paths = paths, RecipeRoot = repoRoot };
                    var input = new DeployInput { Settings = catalog.Resolve(BenchChain.Service, BenchChain.Environment), Digest = built.Digest, Tag = built.Tag, Commit = built.Checkout?.Sha };
                    VerificationOutcome? outcome = null;
                    var seconds = await Timing.SecondsAsync(async () => outcome = await Rollout.RunAsync(ctx, input, LedgerActions.Deploy));
                    if (run == 0) continue;
                    scenario.Samples.Add(new Sample(run, seconds, 0, 0));
                    if (outcome is not null) ownTimes.Add(outcome.Elapsed.TotalSeconds);
                }
                result.Checkpoint();
            }
            result.Facts["verification adds (median verified minus median plain, s)"] = Math.Round(checkedDeploy.MedianSeconds - plain.MedianSeconds, 2);
            result.Facts["verification's own time as the summary shows it (median, s)"] = Math.Round(ownTimes.Order().ElementAt(ownTimes.Count / 2), 2);
            result.Facts["configured duration (s)"] = DurationSeconds;
        }
        finally
        {
            await Tools.TryAsync(Tools.Docker, "rm", "-f", container);
            var images = await Tools.OutputAsync(Tools.Docker, "images", "--format", "{{.ID}} {{.Repository}}");
            foreach (var id in images.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                         .Select(l => l.Split(' ')).Where(p => p.Length == 2 && p[1].StartsWith(registry.Host + "/", StringComparison.Ordinal)).Select(p => p[0]).Distinct())
                await Tools.TryAsync(Tools.Docker, "rmi", "-f", id);
        }
        return result;
    }

    private static Catalog.Catalog WithVerification(BenchChain sample, string folder)
    {
        var json = JsonNode.Parse(sample.CatalogText)!.AsObject();
        json["environments"]![BenchChain.Environment]!["verification"] = new JsonObject
        {
            ["intervalSeconds"] = 2, ["durationSeconds"] = DurationSeconds,
            ["http"] = new JsonArray(new JsonObject { ["path"] = "/", ["bodyContains"] = "hello", ["jsonPath"] = "$.conf", ["equals"] = "local" }),
            ["metrics"] = new JsonArray(new JsonObject { ["name"] = "http_errors_total", ["max"] = 0 }),
        };
        return CatalogLoader.LoadFromJson(json.ToJsonString(), folder, "bench-verified-services.json", DeployModes.Shipped);
    }
}
