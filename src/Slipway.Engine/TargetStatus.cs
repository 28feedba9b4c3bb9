namespace Slipway.Engine;

/// <summary>What happened to a target in the plan, as shown in the summary.</summary>
public enum TargetStatus
{
    /// <summary>Not executed yet.</summary>
    Scheduled,
    /// <summary>All actions completed.</summary>
    Succeeded,
    /// <summary>An action or a dynamic condition threw.</summary>
    Failed,
    /// <summary>Skipped by <c>--skip</c> or by a false condition.</summary>
    Skipped,
    /// <summary>Not run because an earlier target (or one of its dependencies) failed.</summary>
    NotRun,
    /// <summary>Has no actions: it only groups other targets.</summary>
    Absent,
}
