using Slipway.Diagnostics;

namespace Slipway.Source;

/// <summary>Safety checks and removal of a checkout workspace folder before it is recreated.</summary>
internal static class WorkspaceFolder
{
    /// <summary>Refuses folders whose deletion would be a disaster (a root, home, the current folder or an ancestor, the mirror cache).</summary>
    public static void EnsureSafeToReplace(string workspace, string mirrorCacheDir)
    {
        const string input = "workspace";
        var ws = Normalize(workspace);
        var mirrors = Normalize(mirrorCacheDir);
        var fix = "use a dedicated folder for the checkout, e.g. .slipway/work/<service>";
        if (Path.GetPathRoot(ws) == ws + Path.DirectorySeparatorChar || Path.GetPathRoot(ws) == ws)
            throw SlipwayException.Input(input, $"'{ws}' is a file-system root", fix);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home) && IsSameOrInside(Normalize(home), ws))
            throw SlipwayException.Input(input, $"'{ws}' is the home folder or one of its parents", fix);
        if (IsSameOrInside(Normalize(Directory.GetCurrentDirectory()), ws))
            throw SlipwayException.Input(input, $"'{ws}' is the current folder or one of its parents", fix);
        if (IsSameOrInside(mirrors, ws) || IsSameOrInside(ws, mirrors))
            throw SlipwayException.Input(input, $"'{ws}' overlaps the mirror cache '{mirrors}'", fix);
        if (Directory.Exists(ws) && Directory.EnumerateFileSystemEntries(ws).Any()
            && !Directory.Exists(Path.Combine(ws, ".git")) && !File.Exists(Path.Combine(ws, ".git")))
            throw SlipwayException.Input(input, $"'{ws}' exists, is not empty and is not a git checkout, so Slipway will not delete it",
                "empty or remove that folder yourself, or choose another workspace folder");
    }

    /// <summary>Deletes the folder: renamed aside first (atomic), so an interrupted delete never leaves a half workspace.</summary>
    public static void Remove(string workspace, IBuildLog log)
    {
        if (File.Exists(workspace)) { File.Delete(workspace); return; }
        if (!Directory.Exists(workspace)) return;
        var aside = $"{Path.TrimEndingDirectorySeparator(workspace)}.deleting-{Guid.NewGuid():N}";
        Directory.Move(workspace, aside);
        try
        {
            foreach (var f in Directory.EnumerateFiles(aside, "*", SearchOption.AllDirectories))
                File.SetAttributes(f, FileAttributes.Normal); // git objects are read-only (matters on Windows)
            Directory.Delete(aside, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warn($"Could not delete the old workspace copy '{aside}': {ex.Message}. Delete it by hand.");
        }
    }

    internal static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or inside it.</summary>
    private static bool IsSameOrInside(string inner, string outer) =>
        inner == outer || inner.StartsWith(outer.EndsWith(Path.DirectorySeparatorChar) ? outer : outer + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
