using Slipway.Processes;

namespace Slipway.Bench;

/// <summary>
/// The build host's own cost: `./build.sh --help` and a warm `./build.sh Deploy ... --dry-run` (the bootstrapper's
/// incremental `dotnet build` of build/ included, as a user pays it), and the same two commands on the built host
/// directly (`dotnet build/bin/.../_build.dll`).
/// </summary>
public static class OverheadBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string repoRoot, int runs)
    {
        var result = new BenchmarkResult("overhead");
        var host = Directory.EnumerateFiles(Path.Combine(repoRoot, "build", "bin"), "_build.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        string[] deploy = ["Deploy", "--env", "online-region1", "--service", "nce-api", "--dry-run"];
        var commands = new (string Name, string Program, string[] Args)[]
        {
            ("build.sh --help", "./build.sh", ["--help"]),
            ("build.sh Deploy --env online-region1 --service nce-api --dry-run", "./build.sh", deploy),
            ("dotnet _build.dll --help", "dotnet", [host, "--help"]),
            ("dotnet _build.dll Deploy --env online-region1 --service nce-api --dry-run", "dotnet", [host, .. deploy]),
        };
        result.Facts["host"] = Path.GetRelativePath(repoRoot, host);
        var scenarios = commands.Select(c => result.Add(c.Name, $"{c.Program} {string.Join(' ', c.Args)} (cwd: repository root)")).ToArray();
        for (var run = 0; run <= runs; run++)
        {
            Console.WriteLine($"overhead: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
            for (var i = 0; i < commands.Length; i++)
            {
                var (_, program, args) = commands[i];
                ProcessResult r = null!;
                var s = await Timing.SecondsAsync(async () => r = await ProcessRunner.RunAsync(program, args, repoRoot));
                r.EnsureSuccess();
                if (run > 0) scenarios[i].Samples.Add(new Sample(run, s, 0, 0));
            }
        }
        return result;
    }
}
