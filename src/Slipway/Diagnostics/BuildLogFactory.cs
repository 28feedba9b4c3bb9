using Slipway.Diagnostics.Progress;

namespace Slipway.Diagnostics;

/// <summary>Creates the one log of a build run: verbosity, secret masking and the progress renderer, chosen once.</summary>
public static class BuildLogFactory
{
    /// <summary>Parses --verbosity (quiet, normal, verbose); throws naming the input when it is none of them.</summary>
    public static LogVerbosity ParseVerbosity(string verbosity) =>
        Enum.TryParse<LogVerbosity>(verbosity, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw SlipwayException.Input("--verbosity", $"'{verbosity}' is not a verbosity", "use quiet, normal or verbose");

    /// <summary>
    /// The console log for a run. A dry run always shows its detail (what would happen). Progress: none when quiet,
    /// Spectre bars on an interactive terminal, plain lines otherwise.
    /// </summary>
    public static IBuildLog CreateConsole(string verbosity, bool dryRun, IEnumerable<string> secrets, OutputKind output)
    {
        var level = ParseVerbosity(verbosity);
        if (dryRun) level = LogVerbosity.Verbose;
        IProgressReporter progress = level == LogVerbosity.Quiet || dryRun ? NullProgressReporter.Instance
            : output == OutputKind.Interactive ? SpectreProgressReporter.ForTerminal()
            : new PlainProgressReporter(Console.Out);
        return new MaskingBuildLog(new ConsoleBuildLog { Verbosity = level, Progress = progress }, secrets);
    }
}
