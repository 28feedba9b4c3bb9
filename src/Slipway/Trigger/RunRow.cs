using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>What the run history keeps of one run (one row of <c>runs.db</c>); never a secret.</summary>
public sealed record RunRow(
    long Id, RunSpec Spec, RunState State, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null, int? ExitCode = null, string? Reason = null, ProcessIdentity? Process = null);
