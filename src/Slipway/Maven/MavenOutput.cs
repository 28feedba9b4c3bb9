using System.Text.RegularExpressions;

namespace Slipway.Maven;

/// <summary>Cleans Maven's console output: it prints stray ANSI escapes even in batch mode.</summary>
public static partial class MavenOutput
{
    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    public static string StripAnsi(string line) => AnsiEscape().Replace(line, "");

    /// <summary>The lines that explain a failure: Maven's [ERROR] lines, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> ErrorLines(IEnumerable<string> lines, int max = 15) =>
        lines.Where(l => l.StartsWith("[ERROR]", StringComparison.Ordinal))
             .Where(l => l.Trim() != "[ERROR]")
             .Take(max).ToList();
}
