using System.Formats.Tar;
using System.Text;

namespace Slipway.Images;

/// <summary>
/// Writes the docker build context as a tar: the Dockerfile and one folder per layer. Entries are
/// normalized (sorted, owner 0:0, fixed time, 0644/0755) so the same input gives the same bytes.
/// </summary>
public static class BuildContext
{
    /// <summary>Fixed file time: one second after the epoch, as Jib does.</summary>
    public static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(1);

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite |
        UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecMode = FileMode | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static void Write(Stream output, string dockerfile, IReadOnlyList<AppLayer> layers)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        AddFile(tar, "Dockerfile", Encoding.UTF8.GetBytes(dockerfile), executable: false);
        foreach (var layer in layers)
        {
            var directories = new SortedSet<string>(StringComparer.Ordinal) { $"layers/{layer.Name}" };
            foreach (var file in layer.Files)
                for (var dir = Path.GetDirectoryName(file.RelativePath)?.Replace('\\', '/');
                     !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir)?.Replace('\\', '/'))
                    directories.Add($"layers/{layer.Name}/{dir}");
            foreach (var dir in directories) AddDirectory(tar, dir);
            foreach (var file in layer.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
                AddFile(tar, $"layers/{layer.Name}/{file.RelativePath}", File.ReadAllBytes(file.SourcePath), file.Executable);
        }
    }

    private static void AddDirectory(TarWriter tar, string name)
    {
        var entry = new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = ExecMode | UnixFileMode.UserWrite };
        Normalize(entry);
        tar.WriteEntry(entry);
    }

    private static void AddFile(TarWriter tar, string name, byte[] content, bool executable)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = executable ? ExecMode | UnixFileMode.UserWrite : FileMode,
            DataStream = new MemoryStream(content),
        };
        Normalize(entry);
        tar.WriteEntry(entry);
    }

    private static void Normalize(PosixTarEntry entry)
    {
        entry.ModificationTime = FixedTime;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
    }
}
