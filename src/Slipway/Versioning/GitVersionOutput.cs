using System.Text.RegularExpressions;
using Slipway.Processes;

namespace Slipway.Versioning;

/// <summary>Reads why GitVersion failed from its log: the line after its "An (unexpected) error occurred:".</summary>
internal static partial class GitVersionOutput
{
    public static string FailureReason(ProcessResult result)
    {
        var lines = result.StandardOutput.Concat(result.StandardError).ToList();
        for (var i = 0; i < lines.Count - 1; i++)
        {
            if (!lines[i].Contains("error occurred:", StringComparison.Ordinal)) continue;
            var next = lines.Skip(i + 1).FirstOrDefault(l => l.Trim().Length > 0);
            if (next is not null) return ExceptionType().Replace(next.Trim(), "");
        }
        return $"it exited with code {result.ExitCode}" +
               (lines.LastOrDefault(l => l.Trim().Length > 0) is { } last ? $" ({last.Trim()})" : "");
    }

    /// <summary>GitVersion's own exception type in front of its message says nothing to the user; a parser's (SharpYaml...) does.</summary>
    [GeneratedRegex(@"^GitVersion\.(\w+\.)*\w*Exception:\s*")]
    private static partial Regex ExceptionType();
}
