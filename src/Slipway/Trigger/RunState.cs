namespace Slipway.Trigger;

/// <summary>Where a run is in its life.</summary>
public enum RunState
{
    /// <summary>Waiting for an earlier run of the same service and environment.</summary>
    Queued,
    /// <summary>The build host is running.</summary>
    Running,
    /// <summary>The build host exited with 0.</summary>
    Succeeded,
    /// <summary>The build host exited non-zero, or could not be started.</summary>
    Failed,
    /// <summary>The trigger service stopped without a word (killed, crashed) while the run was queued or running, and its
    /// process is gone: how it ended is unknown. The reason says why; the log is kept.</summary>
    Lost,
}

/// <summary>The states a run can end in.</summary>
public static class RunStates
{
    public static bool IsFinished(this RunState state) => state is RunState.Succeeded or RunState.Failed or RunState.Lost;
}
