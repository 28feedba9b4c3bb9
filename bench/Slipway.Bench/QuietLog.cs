using Slipway.Diagnostics;

namespace Slipway.Bench;

/// <summary>Collects the library's log lines (the benchmark prints only its own progress).</summary>
public sealed class QuietLog : IBuildLog
{
    public List<string> Lines { get; } = [];
    public void Info(string message) { lock (Lines) Lines.Add(message); }
    public void Warn(string message) { lock (Lines) Lines.Add("WARN: " + message); }
    public void Error(string message) { lock (Lines) Lines.Add("ERROR: " + message); Console.Error.WriteLine(message); }
    public void Detail(string message) { }
}
