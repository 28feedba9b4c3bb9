using Slipway.Diagnostics;

namespace Slipway.TestSupport;

/// <summary>
/// A log that passes every line to <paramref name="inner"/> and also appends it as "<paramref name="who"/>: line" to
/// <paramref name="events"/>, shared by several runs, so a test sees how their lines interleave.
/// </summary>
public sealed class RecordingLog(MemoryBuildLog inner, List<string> events, string who, Action<string>? onLine = null) : IBuildLog
{
    private void Add(string line) { lock (events) events.Add($"{who}: {line}"); onLine?.Invoke(line); }
    public void Info(string message) { inner.Info(message); Add(message); }
    public void Warn(string message) { inner.Warn(message); Add(message); }
    public void Error(string message) { inner.Error(message); Add(message); }
    public void Detail(string message) { inner.Detail(message); Add(message); }
}
