using System.Text;

namespace Slipway.Trigger;

/// <summary>
/// The output of one run: an append-only file that any number of readers can replay from the start and then follow
/// live until the run ends. The run's build host appends to the same file itself (see <see cref="DetachedRunCommand"/>),
/// so followers also look for new lines every <see cref="PollInterval"/>, not only when <see cref="Append"/> wakes them.
/// </summary>
public sealed class RunLog
{
    /// <summary>How often a follower looks at the file for lines the build host wrote.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;

    /// <param name="path">The log file; created (empty) unless it exists.</param>
    /// <param name="completed">True for a run that has already ended.</param>
    public RunLog(string path, bool completed = false)
    {
        Path = path;
        _completed = completed;
        if (!completed)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write)) { }
        }
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>All lines so far, newline-terminated; empty when the file is gone.</summary>
    public string Text
    {
        get
        {
            using var stream = OpenForReading();
            if (stream is null) return "";
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    /// <summary>True once the run has ended and no more lines will come.</summary>
    public bool IsCompleted { get { lock (_gate) return _completed; } }

    /// <summary>Adds a line and wakes the readers. Ignored after <see cref="Complete"/>.</summary>
    public void Append(string line)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            if (_completed) return;
            File.AppendAllText(Path, line + "\n");
            wake = _changed;
            _changed = NewSignal();
        }
        wake.TrySetResult();
    }

    /// <summary>Marks the end of the log; followers finish after the last line.</summary>
    public void Complete()
    {
        TaskCompletionSource wake;
        lock (_gate)
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
        await using var stream = OpenForReading();
        if (stream is null) yield break;
        var buffer = new byte[16 * 1024];
        var partial = new List<byte>();
        while (true)
        {
            bool done;
            Task changed;
            // Read the completion flag first: a log completed now has all its lines in the file by the read below.
            lock (_gate)
            {
                done = _completed;
                changed = _changed.Task;
            }
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                foreach (var line in CompleteLines(buffer.AsSpan(0, read), partial))
                    yield return line;
            }
            if (done)
            {
                if (partial.Count > 0) yield return Encoding.UTF8.GetString(partial.ToArray());
                yield break;
            }
            await Task.WhenAny(changed, Task.Delay(PollInterval, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The lines that <paramref name="chunk"/> completes; an unfinished last line stays in <paramref name="partial"/>.</summary>
    private static List<string> CompleteLines(ReadOnlySpan<byte> chunk, List<byte> partial)
    {
        var lines = new List<string>();
        int newline;
        while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
        {
            partial.AddRange(chunk[..newline]);
            lines.Add(Encoding.UTF8.GetString(partial.ToArray()).TrimEnd('\r'));
            partial.Clear();
            chunk = chunk[(newline + 1)..];
        }
        partial.AddRange(chunk);
        return lines;
    }

    private FileStream? OpenForReading()
    {
        try { return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
