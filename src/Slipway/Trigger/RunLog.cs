namespace Slipway.Trigger;

/// <summary>
/// The output of one run: append-only lines that any number of readers can replay from the start and then
/// follow live until the run ends.
/// </summary>
public sealed class RunLog
{
    private readonly List<string> _lines = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;

    /// <summary>Lines written so far.</summary>
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    /// <summary>All lines so far, newline-terminated.</summary>
    public string Text { get { lock (_lines) return string.Concat(_lines.Select(l => l + "\n")); } }

    /// <summary>True once the run has ended and no more lines will come.</summary>
    public bool IsCompleted { get { lock (_lines) return _completed; } }

    /// <summary>Adds a line and wakes the readers. Ignored after <see cref="Complete"/>.</summary>
    public void Append(string line)
    {
        TaskCompletionSource wake;
        lock (_lines)
        {
            if (_completed) return;
            _lines.Add(line);
            wake = _changed;
            _changed = NewSignal();
        }
        wake.TrySetResult();
    }

    /// <summary>Marks the end of the log; followers finish after the last line.</summary>
    public void Complete()
    {
        TaskCompletionSource wake;
        lock (_lines)
        {
            if (_completed) return;
            _completed = true;
            wake = _changed;
        }
        wake.TrySetResult();
    }

    /// <summary>Every line from the first, then new lines as they come, until the log completes or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<string> FollowAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = 0;
        while (true)
        {
            List<string> batch;
            bool done;
            Task changed;
            lock (_lines)
            {
                batch = _lines.Skip(next).ToList();
                next = _lines.Count;
                done = _completed;
                changed = _changed.Task;
            }
            foreach (var line in batch) yield return line;
            if (done) yield break;
            await changed.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
