namespace Slipway.Processes;

/// <summary>Thread-safe ring of the last N lines of a stream.</summary>
internal sealed class TailBuffer(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity = Math.Max(0, capacity);

    /// <summary>True once a line was dropped because the buffer was full.</summary>
    public bool Dropped { get; private set; }

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > _capacity) { _lines.Dequeue(); Dropped = true; }
        }
    }

    public List<string> ToList() { lock (_lines) return _lines.ToList(); }
}
