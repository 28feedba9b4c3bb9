using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Provisioning;

/// <summary>
/// Starts a long-running server (dockerd, a registry, sshd) detached from the build, so it keeps
/// running after the build exits, with its output in a log file and its pid in a pid file.
/// Uses Debian's start-stop-daemon: an argument array, no shell.
/// </summary>
public static class Daemon
{
    public static async Task StartAsync(string executable, IReadOnlyList<string> args, string pidFile, string logFile,
        IBuildLog log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var ssdArgs = new List<string>
        {
            "--start", "--background", "--make-pidfile", "--pidfile", pidFile,
            "--output", logFile, "--exec", executable, "--",
        };
        ssdArgs.AddRange(args);
        log.Info($"starting {ProcessRunner.Describe(executable, args)} (log: {logFile})");
        var result = await ProcessRunner.RunAsync("start-stop-daemon", ssdArgs, null, null, null, ct);
        if (result.ExitCode != 0)
            throw new SlipwayException($"Could not start {executable} (start-stop-daemon exit {result.ExitCode}). " +
                $"Fix: see {logFile}.");
    }

    /// <summary>Polls <paramref name="ready"/> until it answers true or the deadline passes.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what, string logFile,
        CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ready()) return;
            await Task.Delay(200, ct);
        }
        throw new SlipwayException($"{what} did not become ready within {timeout.TotalSeconds:0} s. Fix: see {logFile}.");
    }
}
