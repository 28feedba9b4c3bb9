using System.Text.Json;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// Serializes deploys of one service to one environment: a second deploy waits for the first, says what it waits
/// for, and gives up with a clear error after the timeout. The lock is an exclusive file lock (FileShare.None, which
/// .NET maps to flock on Unix, so it holds across processes); it is released when the holder's process ends, so a
/// crashed deploy never leaves a stale lock. It serializes the runs of one build machine (or of machines sharing the
/// state folder); different machines deploying to one shared environment are serialized by the lease
/// <see cref="DeployLocks"/> takes after it.
/// </summary>
public sealed class DeployLock : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private DeployLock(FileStream stream, string ownerFile) => (_stream, _ownerFile) = (stream, ownerFile);

    /// <summary>Who holds a lock, written beside it for the waiters' messages.</summary>
    public sealed record Holder(string Actor, int ProcessId, DateTimeOffset Since, string What);

    public static async Task<DeployLock> AcquireAsync(string lockDirectory, string service, string environment, string what,
        IBuildLog log, TimeSpan timeout, CancellationToken ct = default)
    {
        var folder = Path.Combine(lockDirectory, environment);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, service + ".lock");
        var ownerFile = path + ".owner";
        var started = DateTime.UtcNow;
        var deadline = started + timeout;
        var told = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                var holder = new Holder(Actor.Current, Environment.ProcessId, DateTimeOffset.UtcNow, what);
                await File.WriteAllTextAsync(ownerFile, JsonSerializer.Serialize(holder), ct);
                if (told) log.Info($"[{service}] got the deploy lock of '{environment}'");
                return new DeployLock(stream, ownerFile);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // The holder writes its name just after it takes the lock: give it a moment before saying "another run".
                var holder = ReadHolder(ownerFile);
                if (!told && (holder is not null || DateTime.UtcNow > started.AddSeconds(2)))
                {
                    log.Info($"[{service}] waiting for the deploy lock of '{environment}': {Describe(holder)} ({path})");
                    told = true;
                }
                await Task.Delay(told ? 250 : 50, ct);
            }
            catch (IOException)
            {
                throw new SlipwayException($"Deploy of '{service}' to '{environment}' waited {timeout.TotalMinutes:0.#} min for the deploy lock " +
                                           $"held by {Describe(ReadHolder(ownerFile))}. Fix: wait for that run to finish (or end it), then run again.");
            }
        }
    }

    private static Holder? ReadHolder(string ownerFile)
    {
        try { return JsonSerializer.Deserialize<Holder>(File.ReadAllText(ownerFile)); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    private static string Describe(Holder? holder) => holder is null
        ? "another run"
        : $"{holder.What} by {holder.Actor} (process {holder.ProcessId}) since {holder.Since.ToUniversalTime():HH:mm:ss} UTC";

    public ValueTask DisposeAsync()
    {
        try { File.Delete(_ownerFile); } catch (IOException) { }
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }
}
