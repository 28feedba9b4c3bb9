using Slipway.Processes;

namespace Slipway.Bench;

/// <summary>
/// The build host's own cost: a warm `./build.sh --help` and `./build.sh Deploy ... --dry-run` (the bootstrapper as a
/// user pays it: `dotnet --list-sdks`, the content hash of build/ and src/ that lets it skip the build, the host), the same
/// two commands on the built host directly (`dotnet build/bin/.../_build.dll`), and `dotnet run --no-build -- --help`
/// (what the bootstrapper ran before it ran the dll itself). Reports the ratios warm build.sh / built host.
/// </summary>
public static class OverheadBenchmark
{
    /// <summary>What build.sh prints (to stderr) when it builds build/_build.csproj.</summary>
    private const string BuildingLine = "build.sh: building build/_build.csproj";

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
            ("dotnet run --no-build -- --help", "dotnet", ["run", "--project", Path.Combine(repoRoot, "build", "_build.csproj"), "--no-build", "--", "--help"]),
        };
        result.Facts["host"] = Path.GetRelativePath(repoRoot, host);
        var scenarios = commands.Select(c => result.Add(c.Name, $"{c.Program} {string.Join(' ', c.Args)} (cwd: repository root)")).ToArray();
        var warmUpBuilt = false;
        var measuredBuilds = 0;
        for (var run = 0; run <= runs; run++)
        {
            Console.WriteLine($"overhead: run {run}{(run == 0 ? " (warm-up, discarded)" : "")}");
            for (var i = 0; i < commands.Length; i++)
            {
                var (_, program, args) = commands[i];
                ProcessResult r = null!;
                var s = await Timing.SecondsAsync(async () => r = await ProcessRunner.RunAsync(program, args, repoRoot));
                r.EnsureSuccess();
                // The warm-up may build (first call after a change); a measured build.sh call must not, or it is not warm.
                var built = r.StandardErrorText.Contains(BuildingLine);
                if (run == 0) warmUpBuilt |= built;
                else if (built) measuredBuilds++;
                if (run > 0) scenarios[i].Samples.Add(new Sample(run, s, 0, 0));
            }
        }
        result.Facts["warm-up built build/"] = warmUpBuilt;
        result.Facts["measured build.sh calls that built build/ (0 = all warm)"] = measuredBuilds;
        result.Facts["ratio warm build.sh --help / dotnet _build.dll --help (medians)"] =
            Math.Round(scenarios[0].MedianSeconds / scenarios[2].MedianSeconds, 2);
        result.Facts["ratio warm build.sh Deploy --dry-run / dotnet _build.dll Deploy --dry-run (medians)"] =
            Math.Round(scenarios[1].MedianSeconds / scenarios[3].MedianSeconds, 2);
        result.Facts["build.sh --help minus dotnet _build.dll --help (median seconds)"] =
            Math.Round(scenarios[0].MedianSeconds - scenarios[2].MedianSeconds, 3);
        return result;
    }
}
