using System.Diagnostics;
using System.Globalization;

namespace Slipway.Processes;

/// <summary>
/// A process told apart from any later one that gets the same pid: the pid plus its start time in clock ticks since
/// boot (field 22 of /proc/PID/stat), which the kernel never changes for a process and a reused pid cannot share.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    /// <summary>The identity of the running process <paramref name="pid"/>, or null when there is none (or it is a zombie).</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) S ppid ...": comm may hold spaces and ')', so the fields are counted from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields[0] is "Z" or "X") return null;
        return new ProcessIdentity(pid, long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>True while this very process runs: its pid is alive and was not handed to another process since.</summary>
    public bool IsRunning() => Of(Pid) == this;

    /// <summary>Kills this process and its descendants, if it still runs.</summary>
    public void KillTree()
    {
        if (!IsRunning()) return;
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { } // it ended meanwhile
        catch (InvalidOperationException) { }
    }
}
