using Slipway.Diagnostics;

namespace Slipway.Processes;

/// <summary>
/// The outcome of one finished process: exit code, the last lines of each stream and the duration.
/// Output is bounded: only the last <see cref="ProcessRunOptions.TailLines"/> lines of each stream are kept.
/// </summary>
/// <param name="Program">The program that was run, as passed to the runner.</param>
/// <param name="Arguments">The argument array, unquoted and unredacted.</param>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">The last lines of stdout (without line terminators).</param>
/// <param name="StandardError">The last lines of stderr (without line terminators).</param>
/// <param name="Duration">Wall time from start to exit.</param>
/// <param name="OutputTruncated">True when older stdout or stderr lines were dropped to respect the bound.</param>
public sealed record ProcessResult(
    string Program,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    IReadOnlyList<string> StandardOutput,
    IReadOnlyList<string> StandardError,
    TimeSpan Duration,
    bool OutputTruncated)
{
    /// <summary>Number of stderr lines quoted in the message of <see cref="EnsureSuccess"/>.</summary>
    public const int DefaultErrorLines = 20;

    /// <summary>True when the exit code is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The kept stdout lines joined with '\n'.</summary>
    public string StandardOutputText => string.Join('\n', StandardOutput);

    /// <summary>The kept stderr lines joined with '\n'.</summary>
    public string StandardErrorText => string.Join('\n', StandardError);

    /// <summary>
    /// Returns this result when the exit code is 0; otherwise throws a <see cref="SlipwayException"/> naming the
    /// command (shell-quoted, every occurrence of a <paramref name="secrets"/> value replaced by <c>***</c>, also in
    /// the quoted output), the exit code and the last lines of stderr (of stdout when stderr is empty).
    /// </summary>
    /// <param name="secrets">Values (tokens, passwords) that must never appear in the message.</param>
    /// <param name="fix">What the user should do; a generic hint when null.</param>
    /// <param name="errorLines">How many trailing output lines to quote.</param>
    public ProcessResult EnsureSuccess(IEnumerable<string>? secrets = null, string? fix = null, int errorLines = DefaultErrorLines)
    {
        if (Succeeded) return this;
        throw ToException(secrets, fix, errorLines);
    }

    /// <summary>Builds (without throwing) the exception <see cref="EnsureSuccess"/> would throw.</summary>
    public SlipwayException ToException(IEnumerable<string>? secrets = null, string? fix = null, int errorLines = DefaultErrorLines)
    {
        var secretList = secrets?.ToList() ?? [];
        var command = ProcessRunner.Describe(Program, Arguments, secretList);
        var source = StandardError.Count > 0 ? StandardError : StandardOutput;
        var streamName = StandardError.Count > 0 ? "stderr" : "stdout";
        var tail = source.Skip(Math.Max(0, source.Count - errorLines)).Select(l => Redactor.Redact(l, secretList)).ToList();
        var output = tail.Count == 0
            ? "It printed nothing."
            : $"Last lines of {streamName}:\n    " + string.Join("\n    ", tail);
        return new SlipwayException(
            $"Command failed with exit code {ExitCode} after {Duration.TotalSeconds:0.0}s: {command}\n  {output}\n" +
            $"  Fix: {fix ?? "read the tool output above, correct the cause and run the build again"}.");
    }
}
