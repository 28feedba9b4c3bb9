using System.Text.Json;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Versioning;

/// <summary>
/// Runs GitVersion's engine (the <c>gitversion.dll</c> shipped in the GitVersion.MsBuild 6.8.2 package) on a
/// checkout: <c>dotnet gitversion.dll &lt;workdir&gt; /output json</c>. GitVersion refuses some layouts (an unusually
/// named branch with no tag, an orphan branch, a GitVersion.yml it cannot read): the chain goes through
/// <see cref="VersionResolver"/>, which falls back to <see cref="FallbackVersion"/> then.
/// </summary>
public sealed class GitVersionRunner
{
    /// <summary>The GitVersion.MsBuild version whose engine is used.</summary>
    public const string PackageVersion = "6.8.2";

    private readonly string? _explicitDll;

    /// <summary>Creates a runner; <paramref name="gitVersionDll"/> overrides the location in the NuGet cache.</summary>
    public GitVersionRunner(string? gitVersionDll = null) => _explicitDll = gitVersionDll;

    /// <summary>
    /// Finds gitversion.dll: <paramref name="explicitPath"/> if given; else
    /// <c>$NUGET_PACKAGES/gitversion.msbuild/6.8.2/tools/net10.0/gitversion.dll</c>, NUGET_PACKAGES defaulting to
    /// <c>~/.nuget/packages</c>.
    /// </summary>
    /// <exception cref="SlipwayException">The file does not exist.</exception>
    public static string LocateDll(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            if (File.Exists(explicitPath)) return Path.GetFullPath(explicitPath);
            throw SlipwayException.Input("gitversion", $"'{explicitPath}' does not exist", "pass the path of gitversion.dll, or omit it to use the NuGet cache");
        }
        var dll = DefaultDllPath(Environment.GetEnvironmentVariable("NUGET_PACKAGES"));
        if (File.Exists(dll)) return dll;
        throw SlipwayException.Input("gitversion", $"GitVersion {PackageVersion} is not in the NuGet cache ('{dll}' is missing)",
            "run 'dotnet restore' on the solution (it references GitVersion.MsBuild), or set NUGET_PACKAGES to the cache that has it");
    }

    /// <summary>Where the dll is in the NuGet cache <paramref name="nugetPackages"/> (~/.nuget/packages when null or empty).</summary>
    internal static string DefaultDllPath(string? nugetPackages)
    {
        if (string.IsNullOrEmpty(nugetPackages))
            nugetPackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(nugetPackages, "gitversion.msbuild", PackageVersion, "tools", "net10.0", "gitversion.dll");
    }

    /// <summary>The command line that <see cref="RunAsync"/> runs (for dry runs).</summary>
    public string Describe(string workDir) => ProcessRunner.Describe("dotnet", Arguments(LocateDll(_explicitDll), workDir));

    /// <summary>Runs GitVersion in <paramref name="workDir"/> and returns its variables.</summary>
    /// <exception cref="SlipwayException">GitVersion is missing.</exception>
    /// <exception cref="GitVersionException">GitVersion fails, or prints something that is not its JSON.</exception>
    public async Task<GitVersionInfo> RunAsync(string workDir, IBuildLog log, CancellationToken cancellationToken = default)
    {
        var dll = LocateDll(_explicitDll);
        var full = Path.GetFullPath(workDir);
        var args = Arguments(dll, full);
        log.Detail("$ " + ProcessRunner.Describe("dotnet", args));
        var result = await ProcessRunner.RunAsync("dotnet", args, full, env: null, onLine: null, cancellationToken,
            new ProcessRunOptions { TailLines = 5000 });
        if (!result.Succeeded)
            throw new GitVersionException(GitVersionOutput.FailureReason(result),
                result.ToException(fix: "check GitVersion.yml if the repository has one, and that the branch or a tag gives GitVersion a base version").Message);
        return Parse(result);
    }

    private static string[] Arguments(string dll, string workDir) => [dll, workDir, "/output", "json"];

    internal static GitVersionInfo Parse(ProcessResult result)
    {
        var text = result.StandardOutputText;
        int start = text.IndexOf('{'), end = text.LastIndexOf('}');
        try
        {
            if (start < 0 || end < start) throw new JsonException("no JSON object in the output");
            using var doc = JsonDocument.Parse(text[start..(end + 1)]);
            var root = doc.RootElement;
            string Get(string name) =>
                root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
                    ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()
                    : throw new JsonException($"the variable {name} is missing");
            return new GitVersionInfo(Get("SemVer"), Get("FullSemVer"), Get("InformationalVersion"), Get("Sha"),
                Get("BranchName"), Get("MajorMinorPatch"));
        }
        catch (JsonException ex)
        {
            var tail = string.Join("\n    ", result.StandardOutput.TakeLast(10).Concat(result.StandardError.TakeLast(10)));
            throw new GitVersionException($"it printed unexpected output ({ex.Message})",
                $"GitVersion printed unexpected output ({ex.Message}): {ProcessRunner.Describe(result.Program, result.Arguments)}\n" +
                $"  Last lines:\n    {tail}\n  Fix: run that command by hand to see what it prints.", ex);
        }
    }
}
