using System.Text.RegularExpressions;

namespace Slipway.Maven;

/// <summary>Cleans Maven's console output: it prints stray ANSI escapes even in batch mode.</summary>
public static partial class MavenOutput
{
    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    public static string StripAnsi(string line) => AnsiEscape().Replace(line, "");

    [GeneratedRegex(@"\s*-> \[Help \d+\]\s*$")]
    private static partial Regex HelpReference();

    /// <summary>Maven's closing advice after every failure ("re-run with -e", help links): true for such a line.</summary>
    private static bool IsBoilerplate(string line) => Boilerplate.Any(b => line.Contains(b, StringComparison.Ordinal));

    private static readonly string[] Boilerplate =
    [
        "[Help 1] http", "To see the full stack trace", "Re-run Maven using the -X switch",
        "For more information about the errors", "After correcting the problems, you can resume", "mvn <args> -rf ",
    ];

    /// <summary>
    /// The lines that explain a failure: Maven's [ERROR] lines without its closing boilerplate, each once (the compiler's
    /// errors are printed twice), at most <paramref name="max"/>.
    /// </summary>
    public static IReadOnlyList<string> ErrorLines(IEnumerable<string> lines, int max = 15) =>
        lines.Where(l => l.StartsWith("[ERROR]", StringComparison.Ordinal))
             .Select(l => HelpReference().Replace(l, "")) // "Failed to execute goal ... -> [Help 1]": the line is the cause, the tail is not
             .Where(l => l.Trim() != "[ERROR]" && !IsBoilerplate(l))
             .Distinct()
             .Take(max).ToList();
}
