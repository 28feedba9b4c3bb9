using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>
/// What becomes of a run that the previous server left queued or running (it was killed or crashed): a run whose
/// process still runs is re-attached; one whose process recorded an exit code ended with it; any other is lost.
/// </summary>
public abstract record OrphanVerdict(string Reason)
{
    /// <summary>Its process still runs (same pid, same start time): this server follows it to its end.</summary>
    public sealed record Reattach(ProcessIdentity Process, string Reason) : OrphanVerdict(Reason);
    /// <summary>Its process ended while no server ran, and recorded its exit code.</summary>
    public sealed record Ended(int ExitCode, string Reason) : OrphanVerdict(Reason);
    /// <summary>How it ended is unknown.</summary>
    public sealed record Lost(string Reason) : OrphanVerdict(Reason);

    private const string Stopped = "the trigger service stopped without finishing it (killed or crashed)";
    private const string CheckFix = "Fix: read its log and the environment's Status, then request the run again if needed";

    public static OrphanVerdict For(RunRow row, RunFiles files)
    {
        if (row.State == RunState.Queued)
            return new Lost($"{Stopped} while it was queued; it never started. Fix: request it again");
        if (files.ReadExitCode() is { } exitCode)
            return new Ended(exitCode, $"{Stopped}; its process went on and recorded exit code {exitCode}");
        if (row.Process is not { } process)
            return new Lost($"{Stopped} while it was starting, before its process was recorded; how far it got is unknown. {CheckFix}");
        if (process.IsRunning())
            return new Reattach(process, $"re-attached: {Stopped}, but its process {process.Pid} was still running, so the restarted service followed it");
        var reused = ProcessIdentity.Of(process.Pid) is null ? "" : " (the pid now belongs to another process)";
        return new Lost($"{Stopped}, and its process {process.Pid} is gone{reused} without recording an exit code; how it ended is unknown. {CheckFix}");
    }
}
