namespace Slipway.Trigger;

/// <summary>
/// Owns the runs: one run per service and environment (a lane) at a time, later ones wait in FIFO order.
/// Runs execute on the server's own tasks, never on a request's, so a client that goes away changes nothing.
/// </summary>
public sealed class RunScheduler(IRunExecutor executor, TimeProvider? clock = null, int keepRuns = 200) : IAsyncDisposable
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly List<RunRecord> _runs = new();
    private readonly Dictionary<string, Queue<RunRecord>> _lanes = new();
    private readonly List<Task> _active = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _nextId;

    /// <summary>Records the run and starts it now, or queues it behind the last run of its lane.</summary>
    public RunRecord Submit(RunSpec spec)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
            var run = new RunRecord((++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), spec, _clock.GetUtcNow());
            _runs.Add(run);
            Forget();
            if (!_lanes.TryGetValue(spec.LaneKey, out var lane))
                _lanes[spec.LaneKey] = lane = new Queue<RunRecord>();
            var ahead = lane.LastOrDefault();
            lane.Enqueue(run);
            if (ahead is null) StartLocked(run);
            else
            {
                run.Wait(ahead.Id);
                run.Log.Append($"queued: waiting for run {ahead.Id} of {spec.Service} in {spec.Environment} to finish");
            }
            return run;
        }
    }

    /// <summary>The run with this id, or null.</summary>
    public RunRecord? Find(string id)
    {
        lock (_gate) return _runs.FirstOrDefault(r => r.Id == id);
    }

    /// <summary>The most recent runs, newest first.</summary>
    public IReadOnlyList<RunRecord> Recent(int count)
    {
        lock (_gate) return _runs.AsEnumerable().Reverse().Take(count).ToList();
    }

    private void StartLocked(RunRecord run)
    {
        run.Start(_clock.GetUtcNow());
        var task = Task.Run(() => ExecuteAsync(run));
        _active.Add(task);
        _ = task.ContinueWith(t => { lock (_gate) _active.Remove(t); }, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(RunRecord run)
    {
        int exitCode;
        try
        {
            exitCode = await executor.ExecuteAsync(run, _shutdown.Token);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            run.Log.Append("ERROR: the trigger service stopped; the run was cancelled");
            exitCode = 130;
        }
        catch (Exception exception)
        {
            // A fault in one run must never reach the server: it fails that run only.
            run.Log.Append("ERROR: the run could not be executed: " + exception.Message);
            exitCode = 1;
        }
        run.Finish(exitCode, _clock.GetUtcNow());
        lock (_gate)
        {
            var lane = _lanes[run.Spec.LaneKey];
            lane.Dequeue();
            if (lane.Count == 0) _lanes.Remove(run.Spec.LaneKey);
            else if (!_shutdown.IsCancellationRequested) StartLocked(lane.Peek());
        }
    }

    /// <summary>Drops the oldest finished runs beyond the retention limit.</summary>
    private void Forget()
    {
        var excess = _runs.Count - keepRuns;
        for (var i = 0; i < _runs.Count && excess > 0;)
        {
            if (_runs[i].State is RunState.Succeeded or RunState.Failed) { _runs.RemoveAt(i); excess--; }
            else i++;
        }
    }

    /// <summary>Cancels running runs (their processes are killed) and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] active;
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested) return;
            _shutdown.Cancel();
            active = _active.ToArray();
            foreach (var queued in _lanes.Values.SelectMany(l => l).Where(r => r.State == RunState.Queued))
            {
                queued.Log.Append("ERROR: the trigger service stopped before this run started");
                queued.Finish(130, _clock.GetUtcNow());
            }
        }
        await Task.WhenAll(active).ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
