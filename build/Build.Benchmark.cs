using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Processes;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Benchmark: measured runs per scenario (the median is reported; one extra warm-up run is discarded)")]
    public int BenchRuns = 5;

    [Parameter("Benchmark: which benchmarks to run, comma list: promotion, promotion-second-service, rebuild, rebuild-assets, overhead, verification, fleet-<N> (N services in docker mode, e.g. fleet-10), fleet-kube-<N> (kubernetes mode on the in-process fake API server); the fleets are not in the default list", Separator = ",")]
    public string[] BenchOnly = ["promotion", "rebuild", "rebuild-assets", "overhead", "verification"];

    Target Benchmark => _ => _
        .Description("Run the benchmarks of bench/ (promotion, rebuild, rebuild-assets, overhead, verification; fleet-<N> and fleet-kube-<N> on request) against the local engine and loopback registries; raw results to bench/results/*.json")
        .Executes(async () =>
        {
            if (BenchRuns < 1)
                throw SlipwayException.Input("--bench-runs", $"is {BenchRuns}", "give at least 1 (the README's figures use 5)");
            var project = Path.Combine(RootDirectory, "bench", "Slipway.Bench", "Slipway.Bench.csproj");
            var results = Path.Combine(RootDirectory, "bench", "results");
            string[] run = ["run", "-c", "Release", "--project", project, "--",
                "--repo-root", RootDirectory, "--runs", BenchRuns.ToString(), "--only", string.Join(',', BenchOnly), "--results", results];
            if (DryRun)
            {
                Log.Info($"would run {ProcessRunner.Describe("dotnet", run)}: it starts loopback registries, builds the greeting sample, " +
                         "pulls/pushes images tagged for those registries (removed after) and writes " + results);
                return;
            }
            var result = await ProcessRunner.RunAsync("dotnet", run, RootDirectory, null, Log.Info);
            result.EnsureSuccess(fix: "see the benchmark's output above");
        });
}
