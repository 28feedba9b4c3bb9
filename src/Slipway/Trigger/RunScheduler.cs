using System.Globalization;

namespace Slipway.Trigger;

/// <summary>
/// Owns the runs: one run per service and environment (a lane) at a time, later ones wait in FIFO order.
/// Runs execute on the server's own tasks, never on a request's, so a client that goes away changes nothing.
/// Every run is in the <see cref="RunStore"/>; runs the previous server left unfinished are settled when this one
/// starts (see <see cref="OrphanVerdict"/>).
/// </summary>
public sealed class RunScheduler : IAsyncDisposable
{
    private readonly IRunExecutor _executor;
    private readonly RunStore _store;
    private readonly TimeProvider _clock;
    private readonly int _keepRuns;
    private readonly object _gate = new();
    /// <summary>Queued and running runs, by id; finished ones are read from the store.</summary>
    private readonly Dictionary<string, RunRecord> _unfinished = new();
    private readonly Dictionary<string, Queue<RunRecord>> _lanes = new();
    private readonly List<Task> _active = new();
    private readonly CancellationTokenSource _shutdown = new();

    /// <param name="keepRuns">How many finished runs the history keeps; older ones are deleted with their logs.</param>
    public RunScheduler(IRunExecutor executor, RunStore store, TimeProvider? clock = null, int keepRuns = 200)
    {
        _executor = executor;
        _store = store;
        _clock = clock ?? TimeProvider.System;
        _keepRuns = keepRuns;
        lock (_gate)
        {
            SettleOrphansLocked();
            ForgetLocked();
        }
    }

    /// <summary>Records the run and starts it now, or queues it behind the last run of its lane.</summary>
    public RunRecord Submit(RunSpec spec)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
            var run = Record(_store.Insert(spec, _clock.GetUtcNow()));
            _unfinished[run.Id] = run;
            var lane = Lane(spec.LaneKey);
            var ahead = lane.LastOrDefault();
            lane.Enqueue(run);
            if (ahead is null) StartLocked(run);
            else
            {
                run.Wait(ahead.Id);
                run.Log.Append($"queued: waiting for run {ahead.Id} of {spec.Service} in {spec.Environment} to finish");
            }
            ForgetLocked();
            return run;
        }
    }

    /// <summary>The run with this id, or null.</summary>
    public RunRecord? Find(string id)
    {
        lock (_gate)
        {
            if (_unfinished.TryGetValue(id, out var run)) return run;
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && _store.Find(number) is { } row
                ? Record(row)
                : null;
        }
    }

    /// <summary>The most recent runs, newest first.</summary>
    public IReadOnlyList<RunRecord> Recent(int count)
    {
        lock (_gate)
            return _store.Recent(count).Select(row => _unfinished.GetValueOrDefault(row.Id.ToString(CultureInfo.InvariantCulture)) ?? Record(row)).ToList();
    }

    private RunRecord Record(RunRow row) => new(row, RunFiles.For(_store.Folder, row.Id), _store.Save);

    private Queue<RunRecord> Lane(string key)
    {
        if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new Queue<RunRecord>();
        return lane;
    }

    private void SettleOrphansLocked()
    {
        var now = _clock.GetUtcNow();
        foreach (var row in _store.Unfinished())
        {
            var run = Record(row);
            switch (OrphanVerdict.For(row, run.Files))
            {
                case OrphanVerdict.Reattach reattach:
                    run.Reattach(reattach.Reason);
                    _unfinished[run.Id] = run;
                    Lane(row.Spec.LaneKey).Enqueue(run);
                    Track(Task.Run(() => FollowReattachedAsync(run, reattach.Process)));
                    break;
                case OrphanVerdict.Ended ended:
                    run.Log.Append(ended.Reason);
                    run.Finish(ended.ExitCode, now, ended.Reason);
                    break;
                case OrphanVerdict.Lost lost:
                    run.Lose(lost.Reason, now);
                    break;
            }
        }
    }

    private void StartLocked(RunRecord run)
    {
        run.Start(_clock.GetUtcNow());
        Track(Task.Run(() => ExecuteAsync(run)));
    }

    private void Track(Task task)
    {
        _active.Add(task);
        _ = task.ContinueWith(t => { lock (_gate) _active.Remove(t); }, TaskScheduler.Default);
    }

    private async Task ExecuteAsync(RunRecord run)
    {
        int exitCode;
        try
        {
            exitCode = await _executor.ExecuteAsync(run, _shutdown.Token);
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
        Ended(run);
    }

    /// <summary>
    /// Follows a re-attached run to its end. When this server stops first, the run is left as it is (running, its
    /// process recorded): this server did not start it, so it does not kill it, and the next server re-attaches it.
    /// </summary>
    private async Task FollowReattachedAsync(RunRecord run, Processes.ProcessIdentity process)
    {
        int? exitCode;
        try
        {
            exitCode = await ReattachedProcess.WaitAsync(process, run.Files, _shutdown.Token);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            return;
        }
        if (exitCode is { } code)
        {
            run.Log.Append($"exit code {code}");
            run.Finish(code, _clock.GetUtcNow());
        }
        else
            run.Lose($"its process {process.Pid} ended without recording an exit code (it was killed?); how the run ended is unknown. " +
                "Fix: read its log and the environment's Status, then request the run again if needed", _clock.GetUtcNow());
        Ended(run);
    }

    /// <summary>Takes an ended run out of its lane and starts the next one there.</summary>
    private void Ended(RunRecord run)
    {
        lock (_gate)
        {
            _unfinished.Remove(run.Id);
            var lane = _lanes[run.Spec.LaneKey];
            lane.Dequeue();
            if (lane.Count == 0) _lanes.Remove(run.Spec.LaneKey);
            else if (!_shutdown.IsCancellationRequested) StartLocked(lane.Peek());
        }
    }

    /// <summary>Deletes the oldest finished runs beyond the retention limit, with their logs.</summary>
    private void ForgetLocked()
    {
        foreach (var id in _store.Forget(_keepRuns))
            RunFiles.For(_store.Folder, id).Delete();
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
