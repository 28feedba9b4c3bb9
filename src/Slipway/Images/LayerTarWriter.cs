using System.Formats.Tar;
using System.IO.Compression;
using Slipway.Registry;

namespace Slipway.Images;

/// <summary>
/// Writes an application layer as a reproducible tar, as Jib does: entries sorted by name, an explicit
/// entry for the destination folder and every folder below it (the folders above it belong to the base
/// image and are left alone, so their owners and modes stay the base's), fixed modes (0755 folders and
/// executables, 0644 files), numeric owners without names, and every time one second after the epoch.
/// The gzip stream has no file name and no time, so the compressed digest depends only on the tar and on
/// the runtime's deflate implementation.
/// </summary>
public static class LayerTarWriter
{
    /// <summary>Fixed file time: one second after the epoch, as Jib does.</summary>
    public static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(1);

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite |
        UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecMode = FileMode | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Writes <paramref name="layer"/>'s uncompressed tar to <paramref name="output"/>; returns the entry count.</summary>
    public static int WriteTar(Stream output, AppLayer layer, int uid, int gid)
    {
        var root = layer.Destination.Trim('/');
        var directories = new SortedSet<string>(StringComparer.Ordinal) { root };
        foreach (var file in layer.Files)
            for (var dir = Parent(file.RelativePath); dir.Length > 0; dir = Parent(dir))
                directories.Add($"{root}/{dir}");

        var entries = directories.Select(d => (Name: d + "/", File: (LayerFile?)null))
            .Concat(layer.Files.Select(f => (Name: $"{root}/{f.RelativePath}", File: (LayerFile?)f)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

        using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, file) in entries)
        {
            var entry = file is null
                ? new PaxTarEntry(TarEntryType.Directory, name) { Mode = ExecMode | UnixFileMode.UserWrite }
                : new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = file.Executable ? ExecMode | UnixFileMode.UserWrite : FileMode,
                    DataStream = File.OpenRead(file.SourcePath),
                };
            entry.ModificationTime = FixedTime;
            entry.Uid = uid;
            entry.Gid = gid;
            entry.UserName = "";
            entry.GroupName = "";
            tar.WriteEntry(entry);
            entry.DataStream?.Dispose();
        }
        return entries.Count;
    }

    /// <summary>The layer as a gzipped blob with its digest and diffID.</summary>
    public static LayerBlob Write(AppLayer layer, int uid, int gid)
    {
        using var tar = new MemoryStream();
        var count = WriteTar(tar, layer, uid, gid);
        var tarBytes = tar.ToArray();
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            zip.Write(tarBytes);
        var compressed = gz.ToArray();
        return new LayerBlob(layer.Name, compressed, Digests.Sha256(compressed), Digests.Sha256(tarBytes), count);
    }

    private static string Parent(string relative)
    {
        var slash = relative.LastIndexOf('/');
        return slash < 0 ? "" : relative[..slash];
    }
}
