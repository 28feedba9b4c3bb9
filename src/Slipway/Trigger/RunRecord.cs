namespace Slipway.Trigger;

/// <summary>One requested run: what was asked, where it is, and its log.</summary>
public sealed class RunRecord(string id, RunSpec spec, DateTimeOffset queuedAt)
{
    private readonly object _gate = new();

    public string Id { get; } = id;
    public RunSpec Spec { get; } = spec;
    public RunLog Log { get; } = new();
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public RunState State { get; private set; } = RunState.Queued;
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public int? ExitCode { get; private set; }
    /// <summary>While queued: the id of the run this one waits for.</summary>
    public string? WaitingFor { get; private set; }

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Completes when the run has ended (either way).</summary>
    public Task Finished => _finished.Task;

    internal void Wait(string? forRun) { lock (_gate) WaitingFor = forRun; }

    internal void Start(DateTimeOffset now)
    {
        lock (_gate) { State = RunState.Running; StartedAt = now; WaitingFor = null; }
    }

    internal void Finish(int exitCode, DateTimeOffset now)
    {
        lock (_gate)
        {
            ExitCode = exitCode;
            State = exitCode == 0 ? RunState.Succeeded : RunState.Failed;
            FinishedAt = now;
        }
        Log.Complete();
        _finished.TrySetResult();
    }

    /// <summary>A consistent snapshot for the API.</summary>
    public RunStatus Snapshot()
    {
        lock (_gate)
            return new RunStatus(Id, Spec.Service, Spec.Environment, Spec.Target, Spec.Branch, Spec.Commit, Spec.DryRun,
                State.ToString().ToLowerInvariant(), ExitCode, QueuedAt, StartedAt, FinishedAt, WaitingFor,
                WaitingFor is null ? null : $"waiting for run {WaitingFor} of {Spec.Service} in {Spec.Environment}",
                $"/runs/{Id}/log");
    }
}

/// <summary>The JSON shape of a run in the API.</summary>
public sealed record RunStatus(
    string Id, string Service, string Env, string Target, string? Branch, string? Commit, bool DryRun,
    string State, int? ExitCode, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? WaitingFor, string? Reason, string Log);
