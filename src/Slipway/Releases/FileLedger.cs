using System.Text;
using Slipway.Diagnostics;

namespace Slipway.Releases;

/// <summary>
/// The ledger of local environments: one JSON-lines file per environment in a folder.
/// Each append takes an exclusive lock on the file (FileShare.None, which .NET maps to flock on Unix, so it also
/// holds between processes) and writes the whole line in one write; a busy file is retried with backoff.
/// </summary>
public sealed class FileLedger(string directory) : IReleaseLedger
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The folder holding &lt;environment&gt;.jsonl files.</summary>
    public string Directory { get; } = directory;

    public string Location => Directory;

    /// <summary>Path of the file for <paramref name="environment"/>.</summary>
    public string FileFor(string environment) => Path.Combine(Directory, environment + ".jsonl");

    public async Task AppendAsync(LedgerEntry entry, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = FileFor(entry.Environment);
        // The line the entry chains to is read under the append's own lock, so two writers never chain to the same line.
        await using var stream = await OpenLockedAsync(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, ct);
        var bytes = Encoding.UTF8.GetBytes(LedgerChain.Link(entry, await LastLineAsync(stream, ct)) + "\n");
        stream.Seek(0, SeekOrigin.End);
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string environment, CancellationToken ct = default) =>
        (await ReadLinesAsync(environment, ct)).Select(LedgerEntry.FromJsonLine).OfType<LedgerEntry>().ToList();

    public async Task<IReadOnlyList<string>> ReadLinesAsync(string environment, CancellationToken ct = default)
    {
        var path = FileFor(environment);
        if (!File.Exists(path)) return [];
        await using var stream = await OpenLockedAsync(path, FileMode.Open, FileAccess.Read, ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return LedgerChain.Lines(await reader.ReadToEndAsync(ct));
    }

    /// <summary>The file's last line (null when empty), as <see cref="LedgerChain.Lines"/> splits it; read from the end, since a ledger only grows.</summary>
    private static async Task<string?> LastLineAsync(FileStream stream, CancellationToken ct)
    {
        if (stream.Length == 0) return null;
        var start = Math.Max(0, stream.Length - 64 * 1024);
        while (true)
        {
            var buffer = new byte[stream.Length - start];
            stream.Seek(start, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(buffer, ct);
            var end = buffer[^1] == (byte)'\n' ? buffer.Length - 1 : buffer.Length;
            var newline = end == 0 ? -1 : Array.LastIndexOf(buffer, (byte)'\n', end - 1);
            if (newline >= 0) return Encoding.UTF8.GetString(buffer, newline + 1, end - newline - 1);
            if (start == 0) return Encoding.UTF8.GetString(buffer, 0, end);
            start = 0; // the last line is longer than the tail read: read the whole file
        }
    }

    private static async Task<FileStream> OpenLockedAsync(string path, FileMode mode, FileAccess access, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        var delay = 2;
        while (true)
        {
            try
            {
                return new FileStream(path, mode, access, FileShare.None, bufferSize: 1, FileOptions.None);
            }
            catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException) && DateTime.UtcNow < deadline)
            {
                // Another writer holds the lock: back off briefly, with jitter so waiters do not move in lockstep.
                await Task.Delay(delay + Random.Shared.Next(delay), ct);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException ex)
            {
                throw new SlipwayException($"Release ledger {path}: cannot lock it within {LockTimeout.TotalSeconds:0}s ({ex.Message}). " +
                                           "Fix: check for a hung Slipway process holding it, and the folder's permissions", ex);
            }
        }
    }
}
