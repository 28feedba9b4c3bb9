namespace Slipway.Diagnostics;

/// <summary>Where the library reports what it does. The build host renders it; tests capture it.</summary>
public interface IBuildLog
{
    void Info(string message);
    void Warn(string message);
    void Error(string message);
    /// <summary>Verbose detail: streamed tool output, API calls.</summary>
    void Detail(string message);
}

/// <summary>Writes to stdout/stderr as plain stable lines.</summary>
public sealed class ConsoleBuildLog : IBuildLog
{
    public bool Verbose { get; init; } = true;
    public void Info(string message) => Console.Out.WriteLine(message);
    public void Warn(string message) => Console.Out.WriteLine("WARN: " + message);
    public void Error(string message) => Console.Error.WriteLine("ERROR: " + message);
    public void Detail(string message) { if (Verbose) Console.Out.WriteLine("  " + message); }
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
