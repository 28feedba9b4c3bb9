using Slipway.Bench;

// Usage: Slipway.Bench --repo-root DIR [--runs 5] [--only promotion,rebuild] [--results DIR]
var options = BenchOptions.Parse(args);
var work = Path.Combine(Path.GetTempPath(), $"slipway-bench-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var machine = await MachineInfo.DescribeAsync();
Console.WriteLine($"machine: {string.Join(", ", machine.Select(kv => $"{kv.Key}={kv.Value}"))}");
BenchmarkResult.Checkpointer = r =>
{
    r.Machine = machine;
    r.Write(options.Results);
};
var failed = false;
try
{
    foreach (var name in options.Only)
    {
        BenchmarkResult result;
        try
        {
            result = name switch
            {
                "promotion" => await PromotionBenchmark.RunAsync(options.RepoRoot, work, options.Runs),
                "promotion-second-service" => await SecondServicePromotionBenchmark.RunAsync(options.RepoRoot, work, options.Runs),
                "rebuild" => await RebuildBenchmark.RunAsync(options.RepoRoot, work, options.Runs),
                "rebuild-assets" => await RebuildBenchmark.RunAsync(options.RepoRoot, work, options.Runs, assetBytes: 8 << 20),
                _ when name.StartsWith("fleet-kube-") && int.TryParse(name[11..], out var kubeSize) => await KubeFleetBenchmark.RunAsync(options.RepoRoot, work, options.Runs, kubeSize),
                _ when name.StartsWith("fleet-") && int.TryParse(name[6..], out var size) => await FleetBenchmark.RunAsync(options.RepoRoot, work, options.Runs, size),
                "overhead" => await OverheadBenchmark.RunAsync(options.RepoRoot, options.Runs),
                "verification" => await VerificationBenchmark.RunAsync(options.RepoRoot, work, options.Runs),
                _ => throw new ArgumentException($"--bench-only: unknown benchmark '{name}'; known: promotion, promotion-second-service, rebuild, rebuild-assets, overhead, verification, fleet-<N> (docker mode, e.g. fleet-10), fleet-kube-<N> (kubernetes mode on the fake API server)"),
            };
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            Console.Error.WriteLine($"{name}: FAILED: {e}");
            failed = true;
            continue;
        }
        result.Machine = machine;
        Console.WriteLine($"\n## {name} (median of {options.Runs} runs)\n");
        foreach (var (k, v) in result.Facts) Console.WriteLine($"- {k}: {v}");
        Console.WriteLine();
        Console.WriteLine(result.Table());
        Console.WriteLine($"\nraw results: {result.Write(options.Results)}\n");
    }
}
finally
{
    try { Directory.Delete(work, recursive: true); } catch { /* leftovers in /tmp only */ }
}
return failed ? 1 : 0;

/// <summary>The command line of the benchmark program.</summary>
sealed record BenchOptions(string RepoRoot, int Runs, string[] Only, string Results)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var root = Path.GetFullPath(Value("--repo-root") ?? Directory.GetCurrentDirectory());
        var runs = int.Parse(Value("--runs") ?? "5");
        if (runs < 1) throw new ArgumentException("--runs must be at least 1");
        var only = (Value("--only") ?? "promotion,rebuild,rebuild-assets,overhead").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = Path.GetFullPath(Value("--results") ?? Path.Combine(root, "bench", "results"));
        return new BenchOptions(root, runs, only, results);
    }
}
