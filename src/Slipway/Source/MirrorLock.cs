using Slipway.Diagnostics;

namespace Slipway.Source;

/// <summary>
/// Exclusive cross-process lock on one mirror (a <c>&lt;mirror&gt;.lock</c> file opened with FileShare.None),
/// so two builds of the same repository never fetch into the same mirror at once.
/// </summary>
internal static class MirrorLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<IDisposable> AcquireAsync(string mirrorDir, IBuildLog log, CancellationToken ct)
    {
        var path = mirrorDir + ".lock";
        var announced = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!announced) { log.Info($"Waiting for another build to release {path}"); announced = true; }
                await Task.Delay(Poll, ct);
            }
        }
    }
}
