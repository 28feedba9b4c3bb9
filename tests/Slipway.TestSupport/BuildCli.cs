using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>Runs the real build host (what ./build.sh runs) with arguments, from the repository root.</summary>
public static class BuildCli
{
    public static string Dll => RepoRoot.Combine("build", "bin", "Debug", "net10.0", "_build.dll");

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var all = new List<string> { Dll };
        all.AddRange(args);
        return await ProcessRunner.RunAsync("dotnet", all, RepoRoot.Path, env,
            options: new ProcessRunOptions { TailLines = 2000 });
    }

    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync(null, args);

    public static string Output(this ProcessResult result) => result.StandardOutputText + "\n" + result.StandardErrorText;
}
