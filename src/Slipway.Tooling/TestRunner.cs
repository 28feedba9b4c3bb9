using System.Xml.Linq;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Tooling;

/// <summary>
/// Runs the test projects with dotnet test, streams their output, and ends with one plain line
/// "Test: N passed, N failed, N skipped" added up from the TRX result files.
/// </summary>
public static class TestRunner
{
    public static async Task RunAsync(IReadOnlyList<string> projects, string resultsDirectory, string? filter, IBuildLog log,
        CancellationToken ct = default)
    {
        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        var failures = new List<string>();
        foreach (var project in projects)
        {
            var args = new List<string> { "test", project, "--logger", "trx", "--logger", "console;verbosity=normal",
                "--results-directory", resultsDirectory };
            if (filter is not null) args.AddRange(["--filter", filter]);
            var result = await ProcessRunner.RunAsync("dotnet", args, null, null, log.Info, ct);
            if (result.ExitCode != 0) failures.Add($"{Path.GetFileName(project)} (exit {result.ExitCode})");
        }
        var (passed, failed, skipped) = Count(resultsDirectory);
        log.Info($"Test: {passed} passed, {failed} failed, {skipped} skipped");
        if (failures.Count > 0 || failed > 0 || passed == 0)
            throw new SlipwayException($"Tests failed: {(failures.Count > 0 ? string.Join(", ", failures) : $"{failed} failed, {passed} passed")}. " +
                                       "Fix: read the failing tests' output above.");
    }

    private static (int Passed, int Failed, int Skipped) Count(string resultsDirectory)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!Directory.Exists(resultsDirectory)) return (0, 0, 0);
        foreach (var trx in Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            int Read(string name) => int.TryParse(counters.Attribute(name)?.Value, out var v) ? v : 0;
            passed += Read("passed");
            failed += Read("failed") + Read("error") + Read("timeout") + Read("aborted");
            skipped += Read("notExecuted");
        }
        return (passed, failed, skipped);
    }
}
