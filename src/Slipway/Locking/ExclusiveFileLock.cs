using System.Text.Json;
using Slipway.Chain;

namespace Slipway.Locking;

/// <summary>
/// An exclusive lock on one file that holds across processes: the file is opened with FileShare.None, which .NET maps
/// to flock on Unix. The holder writes who it is to <c>&lt;file&gt;.owner</c> for the waiters' messages. The kernel
/// drops the lock when the holder's process ends, so a crashed run never leaves a stale lock.
/// </summary>
public sealed class ExclusiveFileLock : IAsyncDisposable, IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private ExclusiveFileLock(FileStream stream, string ownerFile, bool waited) => (_stream, _ownerFile, Waited) = (stream, ownerFile, waited);

    /// <summary>Who holds a lock, written beside it.</summary>
    public sealed record Holder(string What, LeaseIdentity Identity, DateTimeOffset Since)
    {
        /// <summary>"deploy of main-... by ci@build-3 (process 42 on build-3, run 1234-1) since 08:15:00 UTC".</summary>
        public string Describe() =>
            $"{What} by {Identity.Holder} ({LeaseIdentity.DescribeProcess(Identity.ProcessId, Identity.Machine)}, run {Identity.RunId}) " +
            $"since {Since.ToUniversalTime():HH:mm:ss} UTC";
    }

    /// <summary>True when the lock was held by another run at first and this one waited for it.</summary>
    public bool Waited { get; }

    /// <summary>
    /// Takes the lock on <paramref name="path"/> (created with its folder if missing), waiting up to <paramref name="timeout"/>.
    /// While it waits it calls <paramref name="waiting"/> once with the holder (null when the holder did not say who it is);
    /// on timeout it throws what <paramref name="timedOut"/> makes of the holder.
    /// </summary>
    public static async Task<ExclusiveFileLock> AcquireAsync(string path, string what, TimeSpan timeout,
        Action<Holder?> waiting, Func<Holder?, Exception> timedOut, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ownerFile = path + ".owner";
        var started = DateTime.UtcNow;
        var deadline = started + timeout;
        var told = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                var holder = new Holder(what, LeaseIdentity.Current, DateTimeOffset.UtcNow);
                await File.WriteAllTextAsync(ownerFile, JsonSerializer.Serialize(holder), ct);
                return new ExclusiveFileLock(stream, ownerFile, told);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // The holder writes its name just after it takes the lock: give it a moment before saying "another run".
                var holder = ReadHolder(ownerFile);
                if (!told && (holder is not null || DateTime.UtcNow > started.AddSeconds(2)))
                {
                    waiting(holder);
                    told = true;
                }
                await Task.Delay(told ? 250 : 50, ct);
            }
            catch (IOException)
            {
                throw timedOut(ReadHolder(ownerFile));
            }
        }
    }

    /// <summary>"another run" when the holder did not say who it is.</summary>
    public static string Describe(Holder? holder) => holder?.Describe() ?? "another run";

    private static Holder? ReadHolder(string ownerFile)
    {
        try { return JsonSerializer.Deserialize<Holder>(File.ReadAllText(ownerFile)); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    public void Dispose()
    {
        try { File.Delete(_ownerFile); } catch (IOException) { }
        _stream.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
