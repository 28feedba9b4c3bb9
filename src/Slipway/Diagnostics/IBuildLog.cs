using Slipway.Diagnostics.Progress;

namespace Slipway.Diagnostics;

/// <summary>Where the library reports what it does. The build host renders it; tests capture it.</summary>
public interface IBuildLog
{
    void Info(string message);
    void Warn(string message);
    void Error(string message);
    /// <summary>Verbose detail: streamed tool output, API calls.</summary>
    void Detail(string message);
    /// <summary>Where long operations show their progress; reports nothing unless the log was given a reporter.</summary>
    IProgressReporter Progress => NullProgressReporter.Instance;
}

/// <summary>How much a <see cref="ConsoleBuildLog"/> prints (the build's --verbosity).</summary>
public enum LogVerbosity
{
    /// <summary>Warnings and errors only.</summary>
    Quiet,
    /// <summary>Plus what each step does.</summary>
    Normal,
    /// <summary>Plus detail: streamed tool output, API calls.</summary>
    Verbose,
}

/// <summary>Writes to stdout/stderr as plain stable lines, as much as <see cref="Verbosity"/> allows.</summary>
public sealed class ConsoleBuildLog : IBuildLog
{
    /// <summary>Kept for callers that only switch detail on or off; sets <see cref="Verbosity"/>.</summary>
    public bool Verbose { get => Verbosity == LogVerbosity.Verbose; init => Verbosity = value ? LogVerbosity.Verbose : LogVerbosity.Normal; }
    /// <summary>How much is printed; warnings and errors always are.</summary>
    public LogVerbosity Verbosity { get; init; } = LogVerbosity.Verbose;
    /// <inheritdoc />
    public IProgressReporter Progress { get; init; } = NullProgressReporter.Instance;
    /// <summary>Where lines go; null: the console's stdout at the time of writing.</summary>
    public TextWriter? Out { get; init; }
    /// <summary>Where errors go; null: the console's stderr at the time of writing.</summary>
    public TextWriter? ErrorOut { get; init; }
    public void Info(string message) { if (Verbosity >= LogVerbosity.Normal) (Out ?? Console.Out).WriteLine(message); }
    public void Warn(string message) => (Out ?? Console.Out).WriteLine("WARN: " + message);
    public void Error(string message) => (ErrorOut ?? Console.Error).WriteLine("ERROR: " + message);
    public void Detail(string message) { if (Verbosity >= LogVerbosity.Verbose) (Out ?? Console.Out).WriteLine("  " + message); }
}

/// <summary>Keeps every line in memory, for tests and for the secret-hygiene checks.</summary>
public sealed class MemoryBuildLog : IBuildLog
{
    private readonly List<string> _lines = new();
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
    public string Text => string.Join('\n', Lines);
    private void Add(string s) { lock (_lines) _lines.Add(s); }
    public void Info(string message) => Add(message);
    public void Warn(string message) => Add("WARN: " + message);
    public void Error(string message) => Add("ERROR: " + message);
    public void Detail(string message) => Add("  " + message);
}
