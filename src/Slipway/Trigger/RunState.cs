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
}
