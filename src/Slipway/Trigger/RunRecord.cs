using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>One requested run: what was asked, where it is, and its log. Every change is saved to the run history at once.</summary>
public sealed class RunRecord
{
    private readonly object _gate = new();
    private readonly Action<RunRow> _save;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RunRow _row;

    /// <param name="row">The run as the history has it.</param>
    /// <param name="files">Its log and exit-code files.</param>
    /// <param name="save">Writes a changed row to the history.</param>
    public RunRecord(RunRow row, RunFiles files, Action<RunRow> save)
    {
        _row = row;
        _save = save;
        Files = files;
        var finished = row.State.IsFinished();
        Log = new RunLog(files.Log, completed: finished);
        if (finished) _finished.TrySetResult();
    }

    public string Id => _row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public RunSpec Spec => _row.Spec;
    public RunFiles Files { get; }
    public RunLog Log { get; }
    public RunState State { get { lock (_gate) return _row.State; } }
    /// <summary>While queued: the id of the run this one waits for (not kept in the history: a restart ends every queue).</summary>
    public string? WaitingFor { get; private set; }

    /// <summary>Completes when the run has ended (either way).</summary>
    public Task Finished => _finished.Task;

    internal void Wait(string? forRun) { lock (_gate) WaitingFor = forRun; }

    internal void Start(DateTimeOffset now)
    {
        lock (_gate) WaitingFor = null;
        Change(r => r with { State = RunState.Running, StartedAt = now });
    }

    /// <summary>Records the process that runs the build, so that a later server can find it again.</summary>
    internal void ProcessStarted(ProcessIdentity process) => Change(r => r with { Process = process });

    /// <summary>A run a previous server left running, whose process still runs: it goes on, watched by this server.</summary>
    internal void Reattach(string reason) => Change(r => r with { Reason = reason });

    internal void Finish(int exitCode, DateTimeOffset now, string? reason = null) =>
        End(r => r with { State = exitCode == 0 ? RunState.Succeeded : RunState.Failed, ExitCode = exitCode, FinishedAt = now, Reason = reason ?? r.Reason });

    /// <summary>Ends a run whose outcome nobody knows; the reason says why, and goes to the log too.</summary>
    internal void Lose(string reason, DateTimeOffset now)
    {
        Log.Append("lost: " + reason);
        End(r => r with { State = RunState.Lost, FinishedAt = now, Reason = reason });
    }

    private void End(Func<RunRow, RunRow> change)
    {
        Change(change);
        Log.Complete();
        _finished.TrySetResult();
    }

    private void Change(Func<RunRow, RunRow> change)
    {
        lock (_gate)
        {
            _row = change(_row);
            _save(_row);
        }
    }

    /// <summary>A consistent snapshot for the API.</summary>
    public RunStatus Snapshot()
    {
        lock (_gate)
        {
            var r = _row;
            return new RunStatus(Id, r.Spec.Service, r.Spec.Environment, r.Spec.Target, r.Spec.Actor, r.Spec.Branch, r.Spec.Commit, r.Spec.DryRun,
                r.Spec.Digest, r.Spec.Reason, r.Spec.Withdraw, r.Spec.ForOverride,
                RunStore.Name(r.State), r.ExitCode, r.QueuedAt, r.StartedAt, r.FinishedAt, WaitingFor,
                WaitingFor is null ? r.Reason : $"waiting for run {WaitingFor} of {r.Spec.Service} in {r.Spec.Environment}",
                $"/runs/{Id}/log");
        }
    }
}

/// <summary>
/// The JSON shape of a run in the API. <paramref name="Actor"/> is who asked (the token's actor); <paramref name="RequestReason"/>
/// the request's <c>reason</c>, while <paramref name="Reason"/> says why the run is in its state.
/// </summary>
public sealed record RunStatus(
    string Id, string Service, string Env, string Target, string? Actor, string? Branch, string? Commit, bool DryRun,
    string? Digest, string? RequestReason, bool Withdraw, bool ForOverride,
    string State, int? ExitCode, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? WaitingFor, string? Reason, string Log);
