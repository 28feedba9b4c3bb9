namespace Slipway.Processes;

/// <summary>Whether a process that is not our child (a detached server) still runs.</summary>
public static class ProcessLiveness
{
    /// <summary>False when <paramref name="pid"/> is gone, a zombie (Z) or dead (X), read from /proc/PID/stat ("pid (comm) S ...").</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }
}
