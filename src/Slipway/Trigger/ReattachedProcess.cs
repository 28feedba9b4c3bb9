using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>Waits for the process of a re-attached run to end. It is not this server's child, so it is polled.</summary>
public static class ReattachedProcess
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <returns>The exit code the process recorded, or null when it ended without recording one (it was killed).</returns>
    public static async Task<int?> WaitAsync(ProcessIdentity process, RunFiles files, CancellationToken ct)
    {
        while (process.IsRunning())
            await Task.Delay(PollInterval, ct);
        return files.ReadExitCode();
    }
}
