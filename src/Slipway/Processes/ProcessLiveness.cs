namespace Slipway.Processes;

/// <summary>Whether a process that is not our child (a detached server) still runs.</summary>
public static class ProcessLiveness
{
    /// <summary>False when <paramref name="pid"/> is gone, a zombie (Z) or dead (X): see <see cref="ProcessIdentity.Of"/>, the one reader of /proc/PID/stat.</summary>
    public static bool IsAlive(int pid) => ProcessIdentity.Of(pid) is not null;
}
