using System.IO.Compression;
using Slipway.Diagnostics;

namespace Slipway.War;

/// <summary>Limits that stop a hostile or broken archive from filling the disk.</summary>
public sealed record WarLimits
{
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;
    public int MaxEntries { get; init; } = 100_000;
    /// <summary>Uncompressed/compressed ratio above which an entry counts as a zip bomb.</summary>
    public double MaxCompressionRatio { get; init; } = 200;
}

/// <summary>What was unpacked.</summary>
public sealed record ExplodedWar(string Directory, int Files, long Bytes);

/// <summary>
/// Unpacks a .war into a folder. Every entry is checked before anything is written, so a rejected
/// archive leaves no partial tree behind: no entry may escape the target (../, absolute paths,
/// drive letters), be a symbolic link, or blow past the size limits.
/// </summary>
public static class WarExploder
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    public static ExplodedWar Explode(string warPath, string targetDirectory, WarLimits? limits = null)
    {
        limits ??= new WarLimits();
        if (!File.Exists(warPath))
            throw SlipwayException.Input($"WAR '{warPath}'", "the file does not exist",
                "check the service's \"war\" path in the catalog and that the Maven build produces it");

        using var archive = OpenArchive(warPath);
        var root = Path.GetFullPath(targetDirectory);
        var plan = PlanEntries(archive, warPath, root, limits);

        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        long bytes = 0;
        int files = 0;
        try
        {
            foreach (var (entry, destination) in plan)
            {
                if (IsDirectoryEntry(entry)) { Directory.CreateDirectory(destination); continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                bytes += CopyBounded(entry, destination, limits.MaxTotalBytes - bytes, warPath);
                files++;
            }
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
        return new ExplodedWar(root, files, bytes);
    }

    private static ZipArchive OpenArchive(string warPath)
    {
        try { return ZipFile.OpenRead(warPath); }
        catch (InvalidDataException e)
        {
            throw SlipwayException.Input($"WAR '{warPath}'", $"not a valid zip archive ({e.Message})",
                "check that the Maven build's war plugin produced it");
        }
    }

    private static List<(ZipArchiveEntry Entry, string Destination)> PlanEntries(
        ZipArchive archive, string warPath, string root, WarLimits limits)
    {
        if (archive.Entries.Count > limits.MaxEntries)
            throw Reject(warPath, $"{archive.Entries.Count} entries", $"more than the limit of {limits.MaxEntries} entries");

        var plan = new List<(ZipArchiveEntry, string)>();
        long declared = 0;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (IsSymlink(entry))
                throw Reject(warPath, name, "is a symbolic link; links could point outside the webapp");
            if (name.Contains('\\') || Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':'))
                throw Reject(warPath, name, "has an absolute or Windows-style path");
            if (name.Split('/').Any(part => part == ".."))
                throw Reject(warPath, name, "contains '..' and would escape the target folder");

            var destination = Path.GetFullPath(Path.Combine(root, name));
            if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && destination != root)
                throw Reject(warPath, name, "resolves outside the target folder");

            declared += entry.Length;
            if (declared > limits.MaxTotalBytes)
                throw Reject(warPath, name, $"the archive expands past the limit of {limits.MaxTotalBytes} bytes");
            if (entry.CompressedLength > 0 && entry.Length / (double)entry.CompressedLength > limits.MaxCompressionRatio
                && entry.Length > 1024 * 1024)
                throw Reject(warPath, name, $"compresses {entry.Length / entry.CompressedLength}:1, a likely zip bomb");
            plan.Add((entry, destination));
        }
        return plan;
    }

    // The declared sizes in the central directory can lie; count the bytes actually written too.
    private static long CopyBounded(ZipArchiveEntry entry, string destination, long budget, string warPath)
    {
        using var input = entry.Open();
        using var output = File.Create(destination);
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            written += read;
            if (written > budget)
            {
                output.Close();
                throw Reject(warPath, entry.FullName, "expands past its declared size and the size limit");
            }
            output.Write(buffer, 0, read);
        }
        return written;
    }

    private static bool IsDirectoryEntry(ZipArchiveEntry entry) => entry.FullName.EndsWith('/');

    private static bool IsSymlink(ZipArchiveEntry entry) =>
        ((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink;

    private static SlipwayException Reject(string warPath, string entry, string problem) =>
        SlipwayException.Input($"WAR '{warPath}', entry '{entry}'", problem,
            "rebuild the WAR from trusted sources; Slipway refuses to unpack entries that could escape the webapp");
}
