using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Maven;

/// <summary>Runs the service's Maven build in its checked-out workspace and finds the WAR it made.</summary>
public static class MavenBuilder
{
    public static async Task<string> PackageAsync(string service, string projectDirectory, BuildSpec build,
        string warPath, string? settingsFile, IBuildLog log, CancellationToken ct = default)
    {
        var args = MavenCommand.Arguments(service, build, settingsFile);
        log.Info($"mvn {string.Join(' ', args)}   (in {projectDirectory})");
        var lines = new List<string>();
        var result = await ProcessRunner.RunAsync(MavenCommand.Program, args, projectDirectory, null, line =>
        {
            var clean = MavenOutput.StripAnsi(line);
            lock (lines) lines.Add(clean);
            log.Detail(clean);
        }, ct);
        if (result.ExitCode != 0)
        {
            var errors = MavenOutput.ErrorLines(lines);
            var cause = MavenFailure.Explain(service, errors, build.Repositories);
            throw new SlipwayException(
                $"Maven build of service '{service}' failed (exit {result.ExitCode})" + (cause is null ? "" : $": {cause}") + ". Last errors:\n  " +
                string.Join("\n  ", errors.Count > 0 ? errors : lines.TakeLast(15)) +
                $"\nFix: reproduce with `mvn {string.Join(' ', args)}` in {projectDirectory}.");
        }
        return LocateWar(service, projectDirectory, warPath);
    }

    /// <summary>The WAR at the catalog's path, or an error listing the WARs the build did produce.</summary>
    public static string LocateWar(string service, string projectDirectory, string warPath)
    {
        var full = Path.GetFullPath(Path.Combine(projectDirectory, warPath));
        if (File.Exists(full)) return full;
        // hidden folders hold the per-checkout Maven repository (.m2repo) and git's data: WARs there are not the build's output
        var found = Directory.EnumerateFiles(projectDirectory, "*.war", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(projectDirectory, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Take(10).ToList();
        throw SlipwayException.Input($"services.{service}.war = '{warPath}'", "the Maven build produced no file there",
            found.Count > 0 ? $"point \"war\" at one of: {string.Join(", ", found)}" : "check the module's packaging is 'war'");
    }
}
