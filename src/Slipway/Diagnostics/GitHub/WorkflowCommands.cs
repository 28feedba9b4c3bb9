using System.Diagnostics;

namespace Slipway.Diagnostics.GitHub;

/// <summary>
/// GitHub Actions workflow commands (<c>::group::</c>, <c>::endgroup::</c>, <c>::error::</c>) with the escaping
/// the runner expects, so a message with newlines or a colon stays one annotation.
/// </summary>
public static class WorkflowCommands
{
    /// <summary>Starts a collapsible group in the job log.</summary>
    public static string Group(string title) => "::group::" + EscapeData(title);

    /// <summary>Ends the current group.</summary>
    public const string EndGroup = "::endgroup::";

    /// <summary>An error annotation, with file and line when known.</summary>
    public static string Error(string message, string? file = null, int? line = null, string? title = null)
    {
        var properties = new List<string>();
        if (title is not null) properties.Add("title=" + EscapeProperty(title));
        if (file is not null) properties.Add("file=" + EscapeProperty(file));
        if (file is not null && line is > 0) properties.Add("line=" + line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var head = properties.Count == 0 ? "::error" : "::error " + string.Join(',', properties);
        return head + "::" + EscapeData(message);
    }

    /// <summary>
    /// An error annotation for a failed target: file and line from an exception that carries a source location
    /// (<see cref="ISourceLocated"/>); for an unexpected exception (a bug), the first stack frame under <paramref name="root"/>.
    /// A <see cref="SlipwayException"/> is about the user's input, so Slipway's own source lines would mislead.
    /// </summary>
    public static string Error(string target, Exception failure, string root)
    {
        var (file, line) = Locate(failure, root);
        return Error(failure.Message, file, line, title: $"{target} failed");
    }

    /// <summary>The source location of <paramref name="failure"/>, relative to <paramref name="root"/>, when known.</summary>
    public static (string? File, int? Line) Locate(Exception failure, string root)
    {
        if (failure is ISourceLocated { SourceFile: { } located })
            return (Relative(located, root), failure is ISourceLocated { SourceLine: var l } ? l : null);
        if (failure is SlipwayException) return (null, null);
        var frame = new StackTrace(failure, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } name && IsUnder(name, root));
        return frame is null ? (null, null) : (Relative(frame.GetFileName()!, root), frame.GetFileLineNumber());
    }

    private static bool IsUnder(string path, string root) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(root).TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Relative(string path, string root) =>
        Path.IsPathRooted(path) && IsUnder(path, root) ? Path.GetRelativePath(root, path).Replace('\\', '/') : path;

    private static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");
}

/// <summary>An exception that knows which file (and line) of the user's input caused it, e.g. a catalog error.</summary>
public interface ISourceLocated
{
    /// <summary>The file, absolute or relative to the repository root.</summary>
    string? SourceFile { get; }
    /// <summary>The 1-based line, when known.</summary>
    int? SourceLine { get; }
}
